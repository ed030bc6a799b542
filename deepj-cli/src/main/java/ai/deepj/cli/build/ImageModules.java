package ai.deepj.cli.build;

import ai.deepj.cli.config.ConfigException;
import ai.deepj.cli.config.ModelSpec;
import ai.deepj.nn.AvgPool2d;
import ai.deepj.nn.BatchNorm1d;
import ai.deepj.nn.BatchNorm2d;
import ai.deepj.nn.Conv2d;
import ai.deepj.nn.GlobalAvgPool;
import ai.deepj.nn.GlobalMaxPool;
import ai.deepj.nn.MaxPool2d;
import ai.deepj.nn.Module;
import ai.deepj.nn.PoolOptions;
import ai.deepj.nn.ZeroPadding2d;
import ai.deepj.nn.init.Init;
import ai.deepj.tensor.Generator;
import java.util.Arrays;
import java.util.List;

/**
 * The modules of the image layers of a config ({@code conv2d}, {@code max_pool2d},
 * {@code avg_pool2d}, {@code zero_padding2d}, {@code batch_norm2d}, {@code global_avg_pool},
 * {@code global_max_pool}), sized by the input {@code [channels, height, width]} of one example.
 */
final class ImageModules {
    private ImageModules() {}

    /** Whether {@code kind} is built here. */
    static boolean handles(String kind) {
        return switch (kind) {
            case "conv2d", "max_pool2d", "avg_pool2d", "zero_padding2d", "batch_norm2d", "global_avg_pool", "global_max_pool" -> true;
            default -> false;
        };
    }

    /** The modules of layer {@code l} on inputs of shape {@code in} per example. */
    static List<Module> modules(ModelSpec.Layer l, int[] in, Generator gen) {
        needImages(l, in);
        return switch (l.kind()) {
            case "conv2d" -> conv(l, in[0], gen);
            case "max_pool2d" -> List.of(new MaxPool2d(pool(l)));
            case "avg_pool2d" -> List.of(new AvgPool2d(pool(l)));
            case "zero_padding2d" -> {
                int[] p = (int[]) l.args().get("padding");
                yield List.of(new ZeroPadding2d(p[0], p[1], p[2], p[3]));
            }
            case "batch_norm2d" -> {
                BatchNorm1d.Options o = l.arg("convention", "keras").equals("keras") ? BatchNorm1d.Options.keras() : BatchNorm1d.Options.pytorch();
                o = o.withMomentum(l.arg("momentum", o.momentum())).withEps(l.arg("eps", o.eps()));
                yield List.of(new BatchNorm2d(in[0], o));
            }
            case "global_avg_pool" -> List.of(new GlobalAvgPool());
            case "global_max_pool" -> List.of(new GlobalMaxPool());
            default -> throw new IllegalStateException(l.kind());
        };
    }

    private static List<Module> conv(ModelSpec.Layer l, int channels, Generator gen) {
        int filters = (Integer) l.args().get("filters");
        int groups = l.arg("groups", 1);
        if (channels % groups != 0 || filters % groups != 0) {
            throw new ConfigException(l.where(), l.label() + " has groups: " + groups + ", which must divide both its input channels ("
                    + channels + ") and its filters (" + filters + ")");
        }
        Conv2d.Options o = Conv2d.Options.defaults().withStride((int[]) l.args().get("stride"))
                .withDilation((int[]) l.args().get("dilation")).withGroups(groups).withBias(l.arg("bias", true));
        Object padding = l.args().get("padding");
        if ("same".equals(padding)) o = o.withSamePadding();
        else if (padding instanceof int[] p) o = o.withPadding(p);
        else o = o.withValidPadding();
        String init = l.arg("init", null);
        if (init != null) o = o.withWeightInit(ModelBuilder.initializer(init));
        if (init != null && !init.equals("pytorch")) o = o.withBiasInit(Init.zeros());
        Conv2d conv = new Conv2d(channels, filters, (int[]) l.args().get("kernel"), o, gen);
        String act = l.arg("activation", null);
        return act == null || act.equals("linear") ? List.of(conv) : List.of(conv, ModelBuilder.activation(act, l));
    }

    private static PoolOptions pool(ModelSpec.Layer l) {
        return PoolOptions.of((int[]) l.args().get("size")).withStride((int[]) l.args().get("stride"))
                .withPadding((int[]) l.args().get("padding"));
    }

    private static void needImages(ModelSpec.Layer l, int[] in) {
        if (in.length != 3) {
            String hint = in.length == 1 ? ": leave out the flatten before it, or put - reshape: [channels, height, width] before it"
                    : ": put - reshape: [channels, height, width] before it";
            throw new ConfigException(l.where(), l.label() + " needs images [channels, height, width] per example but gets "
                    + Arrays.toString(in) + hint);
        }
    }
}
