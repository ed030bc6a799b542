package ai.deepj.nn.zoo;

import ai.deepj.nn.Add;
import ai.deepj.nn.GlobalAvgPool;
import ai.deepj.nn.GraphModel;
import ai.deepj.nn.Linear;
import ai.deepj.nn.MaxPool2d;
import ai.deepj.nn.PoolOptions;
import ai.deepj.nn.Sequential;
import ai.deepj.nn.BatchNorm2d;
import ai.deepj.tensor.Generator;
import java.util.Arrays;

/**
 * Residual networks (He, Zhang, Ren and Sun, "Deep Residual Learning for Image Recognition",
 * 2016): blocks whose input skips ahead and is added to their output, {@code a[l+2] = g(z[l+2] + a[l])},
 * so a block can learn the identity and very deep networks still train.
 *
 * <p>The course's two blocks, with batch norm after every convolution (whose bias it makes
 * redundant, so convolutions have none):
 * <ul>
 * <li>{@link #identityBlock}: the bottleneck conv 1×1 (F1) → BN → ReLU → conv f×f same (F2) → BN
 * → ReLU → conv 1×1 (F3) → BN, plus the input, → ReLU; input and output have the same shape.
 * <li>{@link #convolutionalBlock}: the same main path with stride {@code s}, and on the shortcut a
 * 1×1 convolution (F3, stride {@code s}) → BN, without activation: the learned projection
 * {@code W_s} that makes the shapes match for the addition.
 * </ul>
 * ResNet-18 and 34 use {@link #basicBlock} instead: two 3×3 convolutions, with the same identity
 * or projection shortcut.
 *
 * <p>{@link #resnet18}, {@link #resnet34} and {@link #resnet50} are torchvision's (11,689,512,
 * 21,797,672 and 25,557,032 parameters for 1000 classes): stem conv 7×7/2 (64) → BN → ReLU →
 * max pool 3×3/2, four stages of 64, 128, 256, 512 filters (×4 at the end of a bottleneck) whose
 * first block halves H and W (except the first stage's), global average pooling, fc. torchvision
 * puts a bottleneck's stride on its 3×3 convolution ("ResNet v1.5"); the paper, the course and
 * Keras put it on the first 1×1 ({@link StridePlacement#FIRST_1X1}); the parameter count is the
 * same. {@link #build} makes other depths and widths, and the {@link Stem#SMALL} stem (conv 3×3,
 * no pooling) for 32 × 32 images.
 *
 * <p>Models are a {@link Sequential} of the stem, one {@code Sequential} of blocks per stage, the
 * pooling and the fc; each block is a {@link GraphModel} (parameter names such as
 * {@code 1.0.conv2d.weight}: stage 1, block 0, its first convolution).
 *
 * {@snippet :
 * Sequential resnet = ResNet.resnet50(1000, Generator.seeded(1));
 * Tensor logits = resnet.forward(images);                      // [N, 3, 224, 224] → [N, 1000]
 * GraphModel id = ResNet.identityBlock(256, 3, new int[] {64, 64, 256}, Generator.seeded(2));
 * GraphModel down = ResNet.convolutionalBlock(256, 3, new int[] {128, 128, 512}, 2, Generator.seeded(3));
 * Sequential tiny = ResNet.build(ResNet.Block.BASIC, new int[] {1, 1}, 10,
 *         ResNet.Options.defaults().withWidth(8).withStem(ResNet.Stem.SMALL), Generator.seeded(4));   // 32 × 32 images
 * }
 */
public final class ResNet {
    private ResNet() {}

    /** The residual block a network is made of. */
    public enum Block {
        /** Two 3×3 convolutions (ResNet-18, 34); a stage of width {@code w} outputs {@code w} channels. */
        BASIC(1),
        /** 1×1, 3×3, 1×1 (ResNet-50 and deeper); a stage of width {@code w} outputs {@code 4w} channels. */
        BOTTLENECK(4);

        private final int expansion;

        Block(int expansion) {
            this.expansion = expansion;
        }

        /** Output channels of a block per unit of stage width: 1 or 4. */
        public int expansion() {
            return expansion;
        }
    }

    /** The layers before the first stage. */
    public enum Stem {
        /** conv 7×7 stride 2 padding 3 → BN → ReLU → max pool 3×3 stride 2 padding 1: H and W / 4 (224 → 56). */
        IMAGENET,
        /** conv 3×3 stride 1 padding 1 → BN → ReLU: for small images such as CIFAR's 32 × 32. */
        SMALL
    }

    /** Which convolution of a downsampling bottleneck block has the stride. */
    public enum StridePlacement {
        /** The 3×3 (torchvision, "ResNet v1.5"). */
        MIDDLE_3X3,
        /** The first 1×1 (the paper, the course's Keras code). */
        FIRST_1X1
    }

    /**
     * Options of {@link #build}.
     *
     * @param inChannels      image channels
     * @param width           filters of the stem and of the first stage (doubled at each later stage)
     * @param stem            the layers before the first stage
     * @param stridePlacement where a bottleneck block downsamples
     */
    public record Options(int inChannels, int width, Stem stem, StridePlacement stridePlacement) {
        public Options {
            Layers.positive("ResNet.Options", "inChannels", inChannels);
            Layers.positive("ResNet.Options", "width", width);
            if (stem == null || stridePlacement == null) throw new IllegalArgumentException("ResNet.Options: stem and stridePlacement must not be null");
        }

        /** torchvision's: 3 channels, width 64, the ImageNet stem, stride on the 3×3. */
        public static Options defaults() {
            return new Options(3, 64, Stem.IMAGENET, StridePlacement.MIDDLE_3X3);
        }

        public Options withInChannels(int c) {
            return new Options(c, width, stem, stridePlacement);
        }

        public Options withWidth(int w) {
            return new Options(inChannels, w, stem, stridePlacement);
        }

        public Options withStem(Stem s) {
            return new Options(inChannels, width, s, stridePlacement);
        }

        public Options withStridePlacement(StridePlacement p) {
            return new Options(inChannels, width, stem, p);
        }
    }

    /** ResNet-18: basic blocks, 2-2-2-2. */
    public static Sequential resnet18(int numClasses, Generator gen) {
        return build(Block.BASIC, new int[] {2, 2, 2, 2}, numClasses, Options.defaults(), gen);
    }

    /** ResNet-34: basic blocks, 3-4-6-3. */
    public static Sequential resnet34(int numClasses, Generator gen) {
        return build(Block.BASIC, new int[] {3, 4, 6, 3}, numClasses, Options.defaults(), gen);
    }

    /** ResNet-50: bottleneck blocks, 3-4-6-3. */
    public static Sequential resnet50(int numClasses, Generator gen) {
        return build(Block.BOTTLENECK, new int[] {3, 4, 6, 3}, numClasses, Options.defaults(), gen);
    }

    /** {@link #resnet18(int, Generator)} from {@link Generator#global()}. */
    public static Sequential resnet18(int numClasses) {
        return resnet18(numClasses, Generator.global());
    }

    /** {@link #resnet34(int, Generator)} from {@link Generator#global()}. */
    public static Sequential resnet34(int numClasses) {
        return resnet34(numClasses, Generator.global());
    }

    /** {@link #resnet50(int, Generator)} from {@link Generator#global()}. */
    public static Sequential resnet50(int numClasses) {
        return resnet50(numClasses, Generator.global());
    }

    /**
     * A residual network: the stem, then stage {@code i} of {@code blocksPerStage[i]} blocks of
     * width {@code options.width()·2^i} (the first block of every stage but the first has stride
     * 2), global average pooling and a fully connected layer to {@code numClasses}.
     */
    public static Sequential build(Block block, int[] blocksPerStage, int numClasses, Options options, Generator gen) {
        String op = "ResNet.build";
        if (block == null) throw new IllegalArgumentException(op + ": block must not be null");
        Layers.positive(op, "numClasses", numClasses);
        if (blocksPerStage == null || blocksPerStage.length == 0) throw new IllegalArgumentException(op + ": needs at least one stage");
        for (int n : blocksPerStage) {
            if (n <= 0) throw new IllegalArgumentException(op + ": every stage needs at least one block, got " + Arrays.toString(blocksPerStage));
        }
        int w = options.width();
        Sequential model = new Sequential(stem(options, gen));
        int channels = w;
        for (int stage = 0; stage < blocksPerStage.length; stage++) {
            int planes = w << stage, out = planes * block.expansion();
            Sequential blocks = new Sequential();
            for (int i = 0; i < blocksPerStage[stage]; i++) {
                int stride = i == 0 && stage > 0 ? 2 : 1;
                if (block == Block.BASIC) {
                    blocks.add(basicBlock(channels, planes, stride, gen));
                } else if (stride == 1 && channels == out) {
                    blocks.add(identityBlock(channels, 3, new int[] {planes, planes, out}, gen));
                } else {
                    blocks.add(convolutionalBlock(channels, 3, new int[] {planes, planes, out}, stride, options.stridePlacement(), gen));
                }
                channels = out;
            }
            model.add(blocks);
        }
        model.add(new GlobalAvgPool());
        model.add(new Linear(channels, numClasses, Linear.Options.defaults(), gen));
        return model;
    }

    private static Sequential stem(Options options, Generator gen) {
        int w = options.width();
        if (options.stem() == Stem.SMALL) {
            return new Sequential(Layers.conv(options.inChannels(), w, 3, 1, 1, false, gen), new BatchNorm2d(w), Layers.relu());
        }
        return new Sequential(Layers.conv(options.inChannels(), w, 7, 2, 3, false, gen), new BatchNorm2d(w), Layers.relu(),
                new MaxPool2d(PoolOptions.of(3).withStride(2).withPadding(1)));
    }

    /**
     * The course's identity block (a bottleneck): {@code in} channels in and out, middle kernel
     * {@code f} (odd), {@code filters = {F1, F2, F3}} with {@code F3 == in}.
     */
    public static GraphModel identityBlock(int in, int f, int[] filters, Generator gen) {
        String op = "ResNet.identityBlock";
        checkFilters(op, filters);
        Layers.odd(op, "f", f);
        if (filters[2] != in) {
            throw new IllegalArgumentException(op + ": the shortcut adds the input unchanged, so F3 must equal the " + in
                    + " input channels, got filters " + Arrays.toString(filters) + "; use convolutionalBlock to change the channels");
        }
        GraphModel.Node x = GraphModel.input("x");
        GraphModel.Node main = bottleneck(x, in, f, filters, 1, StridePlacement.MIDDLE_3X3, gen);
        return GraphModel.of(x, GraphModel.apply(Layers.relu(), GraphModel.apply(new Add(), main, x)));
    }

    /**
     * The course's convolutional block: the bottleneck main path with stride {@code s} (on the 3×3,
     * as torchvision) and a 1×1 convolution (F3, stride {@code s}) → BN on the shortcut.
     */
    public static GraphModel convolutionalBlock(int in, int f, int[] filters, int s, Generator gen) {
        return convolutionalBlock(in, f, filters, s, StridePlacement.MIDDLE_3X3, gen);
    }

    /** {@link #convolutionalBlock(int, int, int[], int, Generator)} with the main path's stride where {@code placement} says. */
    public static GraphModel convolutionalBlock(int in, int f, int[] filters, int s, StridePlacement placement, Generator gen) {
        String op = "ResNet.convolutionalBlock";
        checkFilters(op, filters);
        Layers.odd(op, "f", f);
        Layers.positive(op, "in", in);
        Layers.positive(op, "s", s);
        if (placement == null) throw new IllegalArgumentException(op + ": placement must not be null");
        GraphModel.Node x = GraphModel.input("x");
        GraphModel.Node main = bottleneck(x, in, f, filters, s, placement, gen);
        GraphModel.Node shortcut = Layers.convBn(x, in, filters[2], 1, s, 0, false, gen);
        return GraphModel.of(x, GraphModel.apply(Layers.relu(), GraphModel.apply(new Add(), main, shortcut)));
    }

    private static GraphModel.Node bottleneck(GraphModel.Node x, int in, int f, int[] filters, int s, StridePlacement placement,
            Generator gen) {
        boolean first = placement == StridePlacement.FIRST_1X1;
        GraphModel.Node h = Layers.convBn(x, in, filters[0], 1, first ? s : 1, 0, true, gen);
        h = Layers.convBn(h, filters[0], filters[1], f, first ? 1 : s, f / 2, true, gen);
        return Layers.convBn(h, filters[1], filters[2], 1, 1, 0, false, gen);
    }

    /**
     * The basic block of ResNet-18/34: conv 3×3 (stride {@code stride}) → BN → ReLU → conv 3×3 → BN,
     * plus the input — as it is when {@code stride == 1} and {@code in == out}, else through a 1×1
     * convolution (stride {@code stride}) → BN — then ReLU.
     */
    public static GraphModel basicBlock(int in, int out, int stride, Generator gen) {
        String op = "ResNet.basicBlock";
        Layers.positive(op, "in", in);
        Layers.positive(op, "out", out);
        Layers.positive(op, "stride", stride);
        GraphModel.Node x = GraphModel.input("x");
        GraphModel.Node h = Layers.convBn(x, in, out, 3, stride, 1, true, gen);
        h = Layers.convBn(h, out, out, 3, 1, 1, false, gen);
        GraphModel.Node shortcut = stride == 1 && in == out ? x : Layers.convBn(x, in, out, 1, stride, 0, false, gen);
        return GraphModel.of(x, GraphModel.apply(Layers.relu(), GraphModel.apply(new Add(), h, shortcut)));
    }

    private static void checkFilters(String op, int[] filters) {
        if (filters == null || filters.length != 3 || filters[0] <= 0 || filters[1] <= 0 || filters[2] <= 0) {
            throw new IllegalArgumentException(op + ": filters must be three positive counts {F1, F2, F3}, got "
                    + Arrays.toString(filters));
        }
    }
}
