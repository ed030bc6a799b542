package ai.deepj.cli.config;

import java.util.List;
import java.util.Optional;

/**
 * A model of the zoo ({@code ai.deepj.nn.zoo}) named in a config instead of a list of layers.
 *
 * <pre>
 * model: {zoo: lenet5}                         # LeNet-5: ReLU and max pooling on [1, 28, 28] (variant: modern)
 * model: {zoo: lenet5, variant: classic}       # the course's: tanh and average pooling on [1, 32, 32]
 * model: {zoo: resnet, blocks: [2, 2], width: 16, stem: small}   # basic blocks; stem small (3x3, for small images) or imagenet
 * </pre>
 * {@code classes} (default: the data's number of classes) sets the size of the last layer; the
 * input channels of a ResNet follow the data.
 *
 * @param name    lenet5 or resnet
 * @param classes outputs of the last layer, or empty for the data's number of classes
 * @param variant lenet5's variant: modern or classic (empty for resnet)
 * @param blocks  resnet's blocks per stage (empty for lenet5)
 * @param width   resnet's filters of the stem and first stage (doubled at each later stage)
 * @param stem    resnet's stem: small or imagenet
 * @param block   resnet's block: basic or bottleneck
 * @param where   where the model section is
 */
public record ZooSpec(String name, Optional<Integer> classes, String variant, int[] blocks, int width, String stem, String block, Location where) {
    /** The zoo's models a config can name. */
    public static final List<String> NAMES = List.of("lenet5", "resnet");

    /** Parses <code>{zoo: NAME, ...}</code>. */
    static ZooSpec parse(Section s) {
        String name = Section.choose(s.require("zoo"), "zoo model", NAMES);
        Optional<Integer> classes = s.has("classes") ? Optional.of(s.positiveInt("classes", 1)) : Optional.empty();
        ZooSpec z;
        if (name.equals("lenet5")) {
            z = new ZooSpec(name, classes, s.choice("variant", "modern", List.of("modern", "classic")), new int[0], 0, "", "", s.where());
        } else {
            int[] blocks = s.intList("blocks", new int[] {2, 2});
            if (blocks.length == 0) throw s.error("blocks", "blocks needs at least one stage, e.g. blocks: [2, 2]");
            for (int b : blocks) if (b < 1) throw s.error("blocks", "every stage needs at least 1 block, got " + java.util.Arrays.toString(blocks));
            int width = s.positiveInt("width", 16);
            String stem = s.choice("stem", "small", List.of("small", "imagenet"));
            String block = s.choice("block", "basic", List.of("basic", "bottleneck"));
            z = new ZooSpec(name, classes, "", blocks, width, stem, block, s.where());
        }
        s.done();
        return z;
    }

    /** How the model reads in messages: {@code resnet [2, 2] width 16}. */
    public String label() {
        return name.equals("lenet5") ? "lenet5 (" + variant + ")" : "resnet " + java.util.Arrays.toString(blocks) + " width " + width;
    }
}
