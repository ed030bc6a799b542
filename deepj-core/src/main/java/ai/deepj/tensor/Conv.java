package ai.deepj.tensor;

import ai.deepj.kernel.ConvDirect;
import ai.deepj.kernel.ConvKernels;
import ai.deepj.kernel.ConvPacked;
import ai.deepj.kernel.Gemm;
import ai.deepj.kernel.Parallel;
import java.util.Arrays;

/**
 * Convolution ({@code conv1d}, {@code conv2d}, {@code conv3d}; strictly, cross-correlation, as in
 * every framework and the course) with its hand-written backward next to it: float32 at stride 1 on
 * {@link ConvDirect}'s kernels (no column matrix; {@link #forwardDirect}, {@link #backwardDirect}),
 * everything else (and everything with {@code -Ddeepj.conv.direct=false}) as {@code im2col} + GEMM,
 * described below. Layout: input {@code [N, C, spatial...]} ({@code NCW}, {@code NCHW}, {@code NCDHW}), or
 * unbatched {@code [C, spatial...]}; weight {@code [O, C / groups, k...]}; bias {@code [O]};
 * output {@code [N, O, out...]}.
 *
 * <p>Per image and group {@code g}, with {@code X} the {@code [Cg·Πk, P]} column matrix of the
 * image ({@link ConvKernels#im2col}, {@code P} output positions) and {@code W_g} the group's
 * weight as a {@code [Og, Cg·Πk]} matrix:
 * <pre>
 * forward   Y_g  = W_g · X + b_g                    one GEMM onto the bias
 * backward  dW_g += dY_g · Xᵀ                        one GEMM per image, summed over the batch
 *           dX   = col2im(W_gᵀ · dY_g)               one GEMM, then the adjoint of im2col
 *           db_g = Σ over images and positions of dY_g
 * </pre>
 * Images are spread over {@link Parallel}'s pool in fixed chunks (each GEMM then runs on one
 * thread; per-chunk weight gradients are added in chunk order, so results are the same on every
 * run with the same thread count), except when there are fewer images than threads and each
 * image's GEMM is big enough for GEMM to split it itself. The column matrix is built for a block
 * of output positions at a time (at most {@link #COL_BUDGET} values) in a per-thread buffer that
 * is reused; a 1×1 kernel with stride 1 and no padding needs none: the image is its own column
 * matrix. Backward builds the columns again rather than keeping them from forward: for batch 128
 * of 32×32×32 with 3×3 kernels they would be 150 MB per layer. Small images (LeNet's) are done in
 * blocks: the column matrices of several images side by side ({@code [X_1 … X_m]}, at most
 * {@link #BLOCK_BUDGET} values), so each of the three GEMMs runs once per block rather than once
 * per image ({@code Y = W_g·[X_1 … X_m]}, {@code dW_g += [dY_1 … dY_m]·[X_1 … X_m]ᵀ}, …).
 */
final class Conv {
    private Conv() {}

    /** Column values built at once, per thread and buffer (2 MiB in float32). */
    static final int COL_BUDGET = 1 << 19;
    /**
     * Column values of the images built side by side for one GEMM (256 KiB in float32, so the block stays in L2;
     * 4× as much measured no faster for LeNet's layers, a quarter as much slower).
     */
    static final int BLOCK_BUDGET = 1 << 16;
    /** The fewest output positions in a column block, so that GEMM gets a wide enough B. */
    private static final int MIN_BLOCK = 64;
    /**
     * Multiply-adds above which one image's GEMM is worth splitting across threads by GEMM itself
     * (the Java GEMM's own threshold): below it, with fewer images than threads, threads would idle.
     */
    private static final long GEMM_SPLIT_MIN = 1L << 22;
    /** The fewest channels per group for which weight gradients go through im2row: its runs are one group's channels. */
    private static final int ROW_MIN_CHANNELS = 8;
    /**
     * Output positions per packed im2row block: one K block of the GEMM (256 deep), 288 KiB for ResNet's 3×3 layers
     * of 32 channels, so it is still in L2 when GEMM reads it (the whole image's, 1.1 MiB, was not: 9 % of a step).
     */
    private static final int ROW_BLOCK = 256;
    /**
     * Output positions per packed column block in forward (whole output rows): for ResNet's 32×32 layers of 32
     * channels a whole image, 1.1 MiB, which measured 5 % faster per layer than the unpacked path, where blocks of
     * 256 positions (in L2, but W packed four times as often) measured 5–10 % slower.
     */
    private static final int PACKED_COLUMNS = 1024;

    /**
     * Whether float32 convolutions at stride 1 run on {@link ConvDirect} (default) rather than im2col + GEMM:
     * {@code -Ddeepj.conv.direct=false} turns it off, to compare the two.
     */
    static final boolean DIRECT = !"false".equals(System.getProperty("deepj.conv.direct"));

    private static final String[][] DIM_NAMES = {{"length"}, {"height", "width"}, {"depth", "height", "width"}};
    private static final String[][] LAYOUTS = {{"W"}, {"H", "W"}, {"D", "H", "W"}};

    /**
     * The resolved sizes of one convolution, checked: {@code in}, {@code kernel}, {@code out},
     * {@code stride}, {@code dilation}, {@code padBefore}, {@code padAfter} have one value per spatial
     * dimension.
     */
    record Geometry(String op, int nd, boolean unbatched, int batch, int channels, int outChannels, int groups, int[] in,
            int[] kernel, int[] out, int[] stride, int[] dilation, int[] padBefore, int[] padAfter) {

        static Geometry of(String op, int nd, int[] xs, int[] ws, ConvOptions o) {
            String layout = String.join(", ", LAYOUTS[nd - 1]), kernelNames = "k" + String.join(", k", LAYOUTS[nd - 1]);
            if (xs.length != nd + 2 && xs.length != nd + 1) {
                throw new IllegalArgumentException(op + ": input must be [N, C, " + layout + "] or unbatched [C, " + layout + "], got "
                        + Arrays.toString(xs));
            }
            if (ws.length != nd + 2) {
                throw new IllegalArgumentException(op + ": weight must be [out, in/groups, " + kernelNames + "], got " + Arrays.toString(ws));
            }
            for (int s : ws) {
                if (s < 1) throw new IllegalArgumentException(op + ": weight " + Arrays.toString(ws) + " has a zero size");
            }
            boolean unbatched = xs.length == nd + 1;
            int lead = unbatched ? 0 : 1;
            int n = unbatched ? 1 : xs[0], c = xs[lead], outCh = ws[0], groups = o.groups();
            if (outCh % groups != 0) {
                throw new IllegalArgumentException(op + ": groups " + groups + " must divide the output channels, but weight "
                        + Arrays.toString(ws) + " has " + outCh);
            }
            if (c != groups * ws[1]) {
                String expects = groups == 1 ? " expects " + ws[1] + " input channels"
                        : " with groups " + groups + " expects " + groups * ws[1] + " input channels (" + groups + " groups of " + ws[1] + ")";
                throw new IllegalArgumentException(op + ": weight " + Arrays.toString(ws) + expects + ", but input " + Arrays.toString(xs)
                        + " has " + c);
            }
            int[] in = Arrays.copyOfRange(xs, lead + 1, xs.length), kernel = Arrays.copyOfRange(ws, 2, ws.length);
            int[] stride = perDim(op, "stride", o.stride(), nd), dilation = perDim(op, "dilation", o.dilation(), nd);
            int[] padBefore = new int[nd], padAfter = new int[nd], out = new int[nd];
            int[] explicit = o.paddingMode() == ConvOptions.PaddingMode.EXPLICIT ? perDim(op, "padding", o.padding(), nd) : new int[nd];
            for (int d = 0; d < nd; d++) {
                int span = dilation[d] * (kernel[d] - 1) + 1; // input positions one window covers
                if (o.paddingMode() == ConvOptions.PaddingMode.SAME) {
                    int target = Math.ceilDiv(in[d], stride[d]);
                    int total = Math.max((target - 1) * stride[d] + span - in[d], 0);
                    padBefore[d] = total / 2;
                    padAfter[d] = total - total / 2;
                } else {
                    padBefore[d] = padAfter[d] = explicit[d];
                }
                out[d] = Math.floorDiv(in[d] + padBefore[d] + padAfter[d] - span, stride[d]) + 1;
                if (out[d] <= 0) {
                    // Only explicit (symmetric) padding gets here: "same" always fits a non-empty input.
                    throw new IllegalArgumentException(op + ": the kernel does not fit along " + DIM_NAMES[nd - 1][d] + ": input "
                            + in[d] + ", kernel " + kernel[d] + ", padding " + padBefore[d] + ", stride " + stride[d] + ", dilation "
                            + dilation[d] + " give an output size of ⌊(" + in[d] + " + 2·" + padBefore[d] + " − " + dilation[d] + "·("
                            + kernel[d] + " − 1) − 1) / " + stride[d] + "⌋ + 1 = " + out[d] + " (input " + Arrays.toString(xs)
                            + ", weight " + Arrays.toString(ws) + "); pad the input or use a smaller kernel, stride or dilation");
                }
            }
            return new Geometry(op, nd, unbatched, n, c, outCh, groups, in, kernel, out, stride, dilation, padBefore, padAfter);
        }

        private static int[] perDim(String op, String what, int[] values, int nd) {
            if (values.length == nd) return values;
            if (values.length == 1) {
                int[] all = new int[nd];
                Arrays.fill(all, values[0]);
                return all;
            }
            throw new IllegalArgumentException(op + ": " + what + " " + Arrays.toString(values) + " has " + values.length
                    + " values; give 1 or " + nd + " (one per spatial dimension)");
        }

        /** {@code [N, O, out...]}, or {@code [O, out...]} for an unbatched input. */
        int[] outputShape() {
            int lead = unbatched ? 1 : 2;
            int[] s = new int[nd + lead];
            if (!unbatched) s[0] = batch;
            s[lead - 1] = outChannels;
            System.arraycopy(out, 0, s, lead, nd);
            return s;
        }

        /** The sizes of one group of one image, as the 3-d problem {@link ConvKernels} solves. */
        ConvKernels.Geometry3d image() {
            return new ConvKernels.Geometry3d(channels / groups, pad3(in, 1), pad3(kernel, 1), pad3(out, 1), pad3(stride, 1),
                    pad3(padBefore, 0), pad3(dilation, 1));
        }

        private int[] pad3(int[] v, int fill) {
            int[] r = new int[3];
            Arrays.fill(r, fill);
            System.arraycopy(v, 0, r, 3 - nd, nd);
            return r;
        }

        /** Columns of the im2col matrix per image: the output positions. */
        int positions() {
            return (int) Shape.numel(out);
        }

        int inputPositions() {
            return (int) Shape.numel(in);
        }

        /** Rows of one group's column matrix: {@code in/groups · Πk}. */
        int rows() {
            return channels / groups * (int) Shape.numel(kernel);
        }

        /** A 1×1 kernel at stride 1 without padding reads each image as it is stored: no column matrix. */
        boolean pointwise() {
            for (int d = 0; d < nd; d++) {
                if (kernel[d] != 1 || stride[d] != 1 || padBefore[d] != 0 || padAfter[d] != 0) return false;
            }
            return true;
        }

        /** Output positions per column block. */
        int block() {
            int p = positions();
            if (pointwise()) return p;
            return Math.min(p, Math.max(MIN_BLOCK, COL_BUDGET / rows()));
        }

        /**
         * Images whose column matrices are built side by side for one GEMM (at most {@link #BLOCK_BUDGET} values
         * together): small images (LeNet's) then make GEMMs wide enough to run at speed. 1 when one image's
         * columns already fill the budget or are not built at all (pointwise).
         */
        int imagesPerBlock() {
            if (pointwise() || block() < positions()) return 1;
            return Math.max(1, BLOCK_BUDGET / Math.max(1, rows() * positions()));
        }

        /** Multiply-adds of one image's forward (or of each of its two backward GEMMs). */
        long macsPerImage() {
            return (long) outChannels * rows() * positions();
        }
    }

    // ---------------------------------------------------------------- forward

    /** The convolution of {@code x} with {@code w} (and {@code b}, or null) over {@code nd} spatial dimensions. */
    static Tensor conv(int nd, Tensor x, Tensor w, Tensor b, ConvOptions options) {
        String op = "conv" + nd + "d";
        if (options == null) throw new IllegalArgumentException(op + ": options must not be null; use ConvOptions.defaults()");
        if (!x.dtype.isFloating() || !w.dtype.isFloating() || b != null && !b.dtype.isFloating()) {
            throw new IllegalArgumentException(op + ": needs floating-point tensors, got input " + x.dtype + ", weight " + w.dtype
                    + (b == null ? "" : ", bias " + b.dtype));
        }
        Geometry geo = Geometry.of(op, nd, x.shape, w.shape, options);
        if (b != null && (b.dim() != 1 || b.shape[0] != geo.outChannels())) {
            throw new IllegalArgumentException(op + ": bias must be [" + geo.outChannels() + "] for weight " + w.shape() + ", got "
                    + b.shape());
        }
        if (geo.unbatched()) return conv(nd, x.unsqueeze(0), w, b, options).squeeze(0);
        DType dt = b == null ? DType.promote(x.dtype, w.dtype) : DType.promote(DType.promote(x.dtype, w.dtype), b.dtype);
        Tensor xm, wm, bm;
        try (var s = Autograd.noGrad()) {
            xm = x.to(dt).contiguous();
            wm = w.to(dt).contiguous();
            bm = b == null ? null : b.to(dt).contiguous();
        }
        Tensor y = Tensor.allocate(dt, geo.outputShape());
        forward(geo, xm, wm, bm, y);
        return Autograd.record(op, Node.SAVES_INPUT0 | Node.SAVES_INPUT1, y, g -> backward(geo, g, x, w, b, xm, wm),
                b == null ? new Tensor[] {x, w} : new Tensor[] {x, w, b});
    }

    private static void forward(Geometry geo, Tensor x, Tensor w, Tensor b, Tensor y) {
        ConvKernels.Geometry3d img = geo.image();
        int groups = geo.groups(), og = geo.outChannels() / groups, cg = geo.channels() / groups;
        int rows = geo.rows(), p = geo.positions(), pIn = geo.inputPositions(), block = geo.block();
        boolean pointwise = geo.pointwise();
        Object xa = x.storage.array, wa = w.storage.array, ya = y.storage.array;
        Object ba = b == null ? null : b.storage.array;
        int perBlock = geo.imagesPerBlock(), chunks = imageChunks(geo, 1);
        if (direct(geo, x.dtype, chunks)) {
            forwardDirect(geo, x, w, b, y, chunks);
            return;
        }
        // float32 columns written packed (ConvPacked.im2col), PACKED_COLUMNS output positions at a time
        boolean packed = !pointwise && perBlock == 1 && x.dtype == DType.FLOAT32 && ConvPacked.applies() && ConvPacked.im2colApplies(img);
        int oW = geo.out()[geo.nd() - 1], outRows = Math.max(1, PACKED_COLUMNS / oW);
        forImages(geo, chunks, (chunk, n0, n1) -> {
            if (perBlock > 1) {
                forwardInBlocks(geo, x, w, b, y, n0, n1, perBlock);
                return;
            }
            if (packed) {
                forwardPacked(geo, x, w, b, y, n0, n1, outRows, chunks == 1);
                return;
            }
            Object col = pointwise ? null : Scratch.take(x.dtype, 0, rows * block);
            for (int n = n0; n < n1; n++) {
                for (int g = 0; g < groups; g++) {
                    int yOff = (n * geo.outChannels() + g * og) * p;
                    int xOff = x.offset + (n * geo.channels() + g * cg) * pIn;
                    if (ba != null) {
                        for (int o = 0; o < og; o++) fill(ya, yOff + o * p, yOff + (o + 1) * p, read(ba, b.offset + g * og + o));
                    }
                    for (int j0 = 0; j0 < p; j0 += block) {
                        int j1 = Math.min(p, j0 + block), nb = j1 - j0;
                        // y[og, j0:j1] (+)= W_g[og, rows] · X[rows, j0:j1]
                        if (pointwise) {
                            gemm(false, false, og, nb, rows, wa, w.offset + g * og * rows, rows, xa, xOff + j0, pIn, ba == null ? 0 : 1,
                                    ya, yOff + j0, p);
                        } else {
                            im2col(xa, xOff, img, j0, j1, col);
                            gemm(false, false, og, nb, rows, wa, w.offset + g * og * rows, rows, col, 0, nb, ba == null ? 0 : 1,
                                    ya, yOff + j0, p);
                        }
                    }
                }
            }
            if (col != null) Scratch.giveBack(0, col);
        });
    }

    /**
     * Forward of images {@code [n0, n1)} in float32 with the columns written packed ({@link ConvPacked#im2col}),
     * {@code outRows} output rows at a time.
     */
    private static void forwardPacked(Geometry geo, Tensor x, Tensor w, Tensor b, Tensor y, int n0, int n1, int outRows,
            boolean mayUseThreads) {
        ConvKernels.Geometry3d img = geo.image();
        int groups = geo.groups(), og = geo.outChannels() / groups, cg = geo.channels() / groups;
        int rows = geo.rows(), p = geo.positions(), pIn = geo.inputPositions(), oW = img.out()[2];
        float[] xa = (float[]) x.storage.array, wa = (float[]) w.storage.array, ya = (float[]) y.storage.array;
        float[] col = (float[]) Scratch.take(DType.FLOAT32, 0, ConvPacked.size(rows, outRows * oW));
        for (int n = n0; n < n1; n++) {
            for (int g = 0; g < groups; g++) {
                int yOff = (n * geo.outChannels() + g * og) * p, xOff = x.offset + (n * geo.channels() + g * cg) * pIn;
                if (b != null) {
                    for (int o = 0; o < og; o++) Arrays.fill(ya, yOff + o * p, yOff + (o + 1) * p, ((float[]) b.storage.array)[b.offset + g * og + o]);
                }
                ConvPacked.convolve(xa, xOff, img, wa, w.offset + g * og * rows, og, b == null ? 0 : 1, ya, yOff, outRows, col, mayUseThreads);
            }
        }
        Scratch.giveBack(0, col);
    }

    /**
     * Whether this convolution runs on {@link ConvDirect}'s kernels: float32, a geometry they take, and not the case
     * where a single chunk's GEMM would have been split across threads (fewer images than threads, each big).
     */
    private static boolean direct(Geometry geo, DType dt, int chunks) {
        if (!DIRECT || dt != DType.FLOAT32 || !ConvDirect.applies(geo.image())) return false;
        return !(chunks == 1 && Parallel.threads() > 1 && geo.batch() < Parallel.threads() && geo.macsPerImage() >= GEMM_SPLIT_MIN);
    }

    /** Forward on {@link ConvDirect}: each group's weight packed once, then image by image, no column matrix. */
    private static void forwardDirect(Geometry geo, Tensor x, Tensor w, Tensor b, Tensor y, int chunks) {
        int groups = geo.groups(), og = geo.outChannels() / groups, cg = geo.channels() / groups, pIn = geo.inputPositions();
        int p = geo.positions();
        ConvDirect.Plan plan = ConvDirect.of(geo.image(), og);
        float[] xa = (float[]) x.storage.array, ya = (float[]) y.storage.array, ba = b == null ? null : (float[]) b.storage.array;
        float[][] wp = new float[groups][];
        for (int g = 0; g < groups; g++) wp[g] = plan.packForward((float[]) w.storage.array, w.offset + g * og * geo.rows());
        forImages(geo, chunks, (chunk, n0, n1) -> {
            for (int n = n0; n < n1; n++) {
                for (int g = 0; g < groups; g++) {
                    plan.forward(xa, x.offset + (n * geo.channels() + g * cg) * pIn, wp[g], ba, b == null ? 0 : b.offset + g * og, ya,
                            (n * geo.outChannels() + g * og) * p);
                }
            }
        });
    }

    /** The batch split into {@code blocks} near-equal blocks: block {@code i} starts at image {@code n0 + (n1 − n0)·i/blocks}. */
    private static int blockStart(int n0, int n1, int blocks, int i) {
        return n0 + (int) ((long) (n1 - n0) * i / blocks);
    }

    /**
     * Forward of images {@code [n0, n1)} in blocks of up to {@code perBlock} images: per block and group, the
     * images' column matrices side by side ({@code [rows, m·P]}), one GEMM {@code T = W_g · [X_1 … X_m]}, then
     * each image's {@code [Og, P]} slice of {@code T} copied (plus bias) into the output.
     */
    private static void forwardInBlocks(Geometry geo, Tensor x, Tensor w, Tensor b, Tensor y, int n0, int n1, int perBlock) {
        ConvKernels.Geometry3d img = geo.image();
        int groups = geo.groups(), og = geo.outChannels() / groups, cg = geo.channels() / groups;
        int rows = geo.rows(), p = geo.positions(), pIn = geo.inputPositions();
        int blocks = Math.ceilDiv(n1 - n0, perBlock), most = Math.ceilDiv(n1 - n0, blocks);
        Object xa = x.storage.array, wa = w.storage.array, ya = y.storage.array;
        Object col = Scratch.take(x.dtype, 0, rows * most * p), t = Scratch.take(x.dtype, 2, og * most * p);
        for (int bi = 0; bi < blocks; bi++) {
            int m0 = blockStart(n0, n1, blocks, bi), m = blockStart(n0, n1, blocks, bi + 1) - m0, width = m * p;
            for (int g = 0; g < groups; g++) {
                for (int i = 0; i < m; i++) {
                    im2col(xa, x.offset + ((m0 + i) * geo.channels() + g * cg) * pIn, img, p, col, i * p, width);
                }
                gemm(false, false, og, width, rows, wa, w.offset + g * og * rows, rows, col, 0, width, 0, t, 0, width);
                for (int i = 0; i < m; i++) {
                    for (int o = 0; o < og; o++) {
                        int yOff = ((m0 + i) * geo.outChannels() + g * og + o) * p;
                        double bias = b == null ? 0 : read(b.storage.array, b.offset + g * og + o);
                        copyPlus(t, o * width + i * p, ya, yOff, p, bias);
                    }
                }
            }
        }
        Scratch.giveBack(0, col);
        Scratch.giveBack(2, t);
    }

    // ---------------------------------------------------------------- backward

    /**
     * Gradients of input, weight and bias (null where not required) from the output gradient
     * {@code gOut}; {@code xm} and {@code wm} are the contiguous values forward used.
     */
    private static Tensor[] backward(Geometry geo, Tensor gOut, Tensor x, Tensor w, Tensor b, Tensor xm, Tensor wm) {
        boolean needX = x.requiresGrad, needW = w.requiresGrad, needB = b != null && b.requiresGrad;
        DType dt = xm.dtype;
        Tensor gy = gOut.to(dt).contiguous();
        Tensor dx = needX ? Tensor.allocate(dt, xm.shape) : null;
        Tensor dw = needW ? Tensor.allocate(dt, wm.shape) : null;
        ConvKernels.Geometry3d img = geo.image();
        int groups = geo.groups(), outCh = geo.outChannels(), og = outCh / groups, cg = geo.channels() / groups;
        int rows = geo.rows(), p = geo.positions(), pIn = geo.inputPositions(), block = geo.block();
        boolean pointwise = geo.pointwise();
        Object xa = xm.storage.array, wa = wm.storage.array, ga = gy.storage.array;
        Object dxa = needX ? dx.storage.array : null;
        int chunks = imageChunks(geo, (needX ? 1 : 0) + (needW ? 1 : 0));
        if (direct(geo, dt, chunks) && (!needW || ConvDirect.weightGradApplies(og))) {
            return backwardDirect(geo, gy, b, xm, wm, dx, dw, needB, chunks);
        }
        // Chunk 0 accumulates straight into dw; the others into their own arrays, added in chunk order below.
        Object[] dwParts = new Object[chunks];
        double[][] dbParts = new double[chunks][];
        int perBlock = geo.imagesPerBlock();
        forImages(geo, chunks, (chunk, n0, n1) -> {
            Object dwa = null;
            if (needW) dwa = dwParts[chunk] = chunk == 0 ? dw.storage.array : Scratch.zeros(dt, outCh * rows);
            double[] db = needB ? dbParts[chunk] = new double[outCh] : null;
            if (perBlock > 1) {
                backwardInBlocks(geo, gy, xm, wm, dx, dwa, db, n0, n1, perBlock);
                return;
            }
            // float32 weight gradients through im2row (taps outermost, see ConvPacked.im2row) into dwt, put back in
            // dW's (channel, tap) order at the end: the GEMM's B is then written packed, without the transposes the
            // column matrix needs, which cost a third as much as the GEMM itself for ResNet's 3×3 layers.
            boolean byRows = needW && !pointwise && dt == DType.FLOAT32 && cg >= ROW_MIN_CHANNELS && ConvPacked.applies();
            Object col = needW && !pointwise && !byRows ? Scratch.take(dt, 0, rows * block) : null;
            Object dcol = needX && !pointwise ? Scratch.take(dt, 1, rows * block) : null;
            float[] xt = byRows ? (float[]) Scratch.take(dt, 3, pIn * cg) : null;
            float[] rowBuf = byRows ? (float[]) Scratch.take(dt, 4, ConvPacked.size(Math.min(block, ROW_BLOCK), rows)) : null;
            float[] dwt = byRows ? (float[]) Scratch.take(dt, 5, outCh * rows) : null;
            if (byRows) Arrays.fill(dwt, 0, outCh * rows, 0f);
            for (int n = n0; n < n1; n++) {
                for (int g = 0; g < groups; g++) {
                    int gOff = gy.offset + (n * outCh + g * og) * p;
                    int xOff = xm.offset + (n * geo.channels() + g * cg) * pIn, dxOff = (n * geo.channels() + g * cg) * pIn;
                    int wOff = wm.offset + g * og * rows;
                    if (byRows) ConvKernels.channelsLast((float[]) xa, xOff, cg, pIn, xt);
                    for (int j0 = 0; j0 < p; j0 += block) {
                        int j1 = Math.min(p, j0 + block), nb = j1 - j0;
                        if (byRows) { // dWt_g[og, rows] += dY[og, q0:q1] · row[q0:q1, rows], a block small enough for L2 at a time
                            for (int q0 = j0; q0 < j1; q0 += ROW_BLOCK) {
                                int q1 = Math.min(j1, q0 + ROW_BLOCK);
                                ConvPacked.im2row(xt, img, q0, q1, rowBuf);
                                ConvPacked.multiply(og, rows, q1 - q0, (float[]) ga, gOff + q0, p, rowBuf, 1, dwt, g * og * rows, rows,
                                        chunks == 1);
                            }
                        } else if (needW) { // dW_g[og, rows] += dY[og, j0:j1] · X[rows, j0:j1]ᵀ
                            if (pointwise) {
                                gemm(false, true, og, rows, nb, ga, gOff + j0, p, xa, xOff + j0, pIn, 1, dwa, g * og * rows, rows);
                            } else {
                                im2col(xa, xOff, img, j0, j1, col);
                                gemm(false, true, og, rows, nb, ga, gOff + j0, p, col, 0, nb, 1, dwa, g * og * rows, rows);
                            }
                        }
                        if (needX) { // dX[rows, j0:j1] = W_g[og, rows]ᵀ · dY[og, j0:j1], then back onto the image
                            if (pointwise) {
                                gemm(true, false, rows, nb, og, wa, wOff, rows, ga, gOff + j0, p, 0, dxa, dxOff + j0, pIn);
                            } else {
                                gemm(true, false, rows, nb, og, wa, wOff, rows, ga, gOff + j0, p, 0, dcol, 0, nb);
                                col2im(dcol, img, j0, j1, dxa, dxOff);
                            }
                        }
                    }
                    if (needB) {
                        for (int o = 0; o < og; o++) db[g * og + o] += sum(ga, gOff + o * p, gOff + (o + 1) * p);
                    }
                }
            }
            if (byRows) {
                float[] d = (float[]) dwa;
                int taps = rows / cg;
                for (int o = 0; o < outCh; o++) { // dwt's (tap, channel) order back to dW's (channel, tap)
                    for (int t = 0; t < taps; t++) {
                        for (int c = 0; c < cg; c++) d[o * rows + c * taps + t] += dwt[o * rows + t * cg + c];
                    }
                }
                Scratch.giveBack(3, xt);
                Scratch.giveBack(4, rowBuf);
                Scratch.giveBack(5, dwt);
            }
            if (col != null) Scratch.giveBack(0, col);
            if (dcol != null) Scratch.giveBack(1, dcol);
        });
        if (needW) {
            for (int c = 1; c < chunks; c++) addInto(dwParts[0], dwParts[c], outCh * rows);
        }
        Tensor db = needB ? biasGradient(dbParts, outCh, dt) : null;
        return b == null ? new Tensor[] {dx, dw} : new Tensor[] {dx, dw, db};
    }

    /** The bias gradient from the chunks' partial sums ({@code [outCh]} each, null for a chunk that did not run), added in chunk order. */
    private static Tensor biasGradient(double[][] parts, int outCh, DType dt) {
        double[] total = new double[outCh];
        for (double[] part : parts) {
            if (part == null) continue; // an empty batch
            for (int o = 0; o < outCh; o++) total[o] += part[o];
        }
        return Tensor.of(total, outCh).to(dt);
    }

    /**
     * Backward on {@link ConvDirect}: per image and group, the input gradient as the correlation of the padded output
     * gradient with the flipped weight, and the weight gradient accumulated per chunk (transposed, {@code [rows, og]}
     * per group) and put back into {@code dw}'s order, chunks added in order.
     */
    private static Tensor[] backwardDirect(Geometry geo, Tensor gy, Tensor b, Tensor xm, Tensor wm, Tensor dx, Tensor dw, boolean needB,
            int chunks) {
        int groups = geo.groups(), outCh = geo.outChannels(), og = outCh / groups, cg = geo.channels() / groups;
        int rows = geo.rows(), p = geo.positions(), pIn = geo.inputPositions();
        ConvDirect.Plan plan = ConvDirect.of(geo.image(), og);
        float[] xa = (float[]) xm.storage.array, ga = (float[]) gy.storage.array, dxa = dx == null ? null : (float[]) dx.storage.array;
        float[][] wpFlipped = new float[groups][];
        if (dx != null) {
            for (int g = 0; g < groups; g++) wpFlipped[g] = plan.packInputGrad((float[]) wm.storage.array, wm.offset + g * og * rows);
        }
        float[][] dwParts = new float[chunks][];
        double[][] dbParts = new double[chunks][];
        forImages(geo, chunks, (chunk, n0, n1) -> {
            float[] acc = null;
            if (dw != null) {
                acc = (float[]) Scratch.take(DType.FLOAT32, 6, outCh * rows);
                Arrays.fill(acc, 0, outCh * rows, 0f);
            }
            double[] db = needB ? dbParts[chunk] = new double[outCh] : null;
            for (int n = n0; n < n1; n++) {
                for (int g = 0; g < groups; g++) {
                    int gOff = gy.offset + (n * outCh + g * og) * p;
                    int xOff = xm.offset + (n * geo.channels() + g * cg) * pIn;
                    if (acc != null) plan.weightGrad(xa, xOff, ga, gOff, acc, g * rows * og);
                    if (dxa != null) plan.inputGrad(ga, gOff, wpFlipped[g], dxa, (n * geo.channels() + g * cg) * pIn);
                    if (needB) {
                        for (int o = 0; o < og; o++) db[g * og + o] += sum(ga, gOff + o * p, gOff + (o + 1) * p);
                    }
                }
            }
            if (acc != null) {
                float[] part = dwParts[chunk] = chunk == 0 ? (float[]) dw.storage.array : new float[outCh * rows];
                for (int g = 0; g < groups; g++) { // acc[g][r][o] to dW[g·og + o][r]
                    for (int r = 0; r < rows; r++) {
                        for (int o = 0; o < og; o++) part[(g * og + o) * rows + r] = acc[(g * rows + r) * og + o];
                    }
                }
                Scratch.giveBack(6, acc);
            }
        });
        if (dw != null) {
            for (int c = 1; c < chunks; c++) addInto(dwParts[0], dwParts[c], outCh * rows);
        }
        Tensor db = needB ? biasGradient(dbParts, outCh, DType.FLOAT32) : null;
        return b == null ? new Tensor[] {dx, dw} : new Tensor[] {dx, dw, db};
    }

    /**
     * Backward of images {@code [n0, n1)} in blocks, as {@link #forwardInBlocks}: per block and group the output
     * gradients side by side ({@code G = [dY_1 … dY_m]}, {@code [Og, m·P]}), then {@code dW_g += G · [X_1 … X_m]ᵀ}
     * and {@code [dX_1 … dX_m] = col2im(W_gᵀ · G)}, each one GEMM over the whole block.
     */
    private static void backwardInBlocks(Geometry geo, Tensor gy, Tensor xm, Tensor wm, Tensor dx, Object dwa, double[] db, int n0,
            int n1, int perBlock) {
        ConvKernels.Geometry3d img = geo.image();
        int groups = geo.groups(), outCh = geo.outChannels(), og = outCh / groups, cg = geo.channels() / groups;
        int rows = geo.rows(), p = geo.positions(), pIn = geo.inputPositions();
        int blocks = Math.ceilDiv(n1 - n0, perBlock), most = Math.ceilDiv(n1 - n0, blocks);
        DType dt = xm.dtype;
        Object xa = xm.storage.array, wa = wm.storage.array, ga = gy.storage.array, dxa = dx == null ? null : dx.storage.array;
        Object gBlock = Scratch.take(dt, 2, og * most * p);
        Object col = dwa == null ? null : Scratch.take(dt, 0, rows * most * p);
        Object dcol = dx == null ? null : Scratch.take(dt, 1, rows * most * p);
        for (int bi = 0; bi < blocks; bi++) {
            int m0 = blockStart(n0, n1, blocks, bi), m = blockStart(n0, n1, blocks, bi + 1) - m0, width = m * p;
            for (int g = 0; g < groups; g++) {
                for (int i = 0; i < m; i++) {
                    for (int o = 0; o < og; o++) copyPlus(ga, gy.offset + ((m0 + i) * outCh + g * og + o) * p, gBlock, o * width + i * p, p, 0);
                }
                if (db != null) {
                    for (int o = 0; o < og; o++) db[g * og + o] += sum(gBlock, o * width, (o + 1) * width);
                }
                if (col != null) { // dW_g[og, rows] += G[og, width] · X[rows, width]ᵀ
                    for (int i = 0; i < m; i++) {
                        im2col(xa, xm.offset + ((m0 + i) * geo.channels() + g * cg) * pIn, img, p, col, i * p, width);
                    }
                    gemm(false, true, og, rows, width, gBlock, 0, width, col, 0, width, 1, dwa, g * og * rows, rows);
                }
                if (dcol != null) { // dX[rows, width] = W_g[og, rows]ᵀ · G[og, width], then back onto each image
                    gemm(true, false, rows, width, og, wa, wm.offset + g * og * rows, rows, gBlock, 0, width, 0, dcol, 0, width);
                    for (int i = 0; i < m; i++) col2im(dcol, i * p, width, img, p, dxa, ((m0 + i) * geo.channels() + g * cg) * pIn);
                }
            }
        }
        Scratch.giveBack(2, gBlock);
        if (col != null) Scratch.giveBack(0, col);
        if (dcol != null) Scratch.giveBack(1, dcol);
    }

    // ---------------------------------------------------------------- parallel over images

    @FunctionalInterface
    private interface ImageBody {
        void run(int chunk, int from, int to);
    }

    /**
     * How many chunks the batch is split into, for {@code gemms} GEMMs of {@link Geometry#macsPerImage}
     * each per image: one when the work is small, or when there are fewer images than threads and
     * each image's GEMM is big enough for GEMM to split itself.
     */
    static int imageChunks(Geometry geo, int gemms) {
        int threads = Parallel.threads(), n = geo.batch();
        long perImage = Math.max(1, geo.macsPerImage() * Math.max(gemms, 1));
        long total = perImage * n;
        if (threads <= 1 || n <= 1 || total < Parallel.MIN_PARALLEL_WORK) return 1;
        if (n < threads && geo.macsPerImage() >= GEMM_SPLIT_MIN) return 1;
        return (int) Math.min(Math.min(threads, n), total / (Parallel.MIN_PARALLEL_WORK / 2));
    }

    /** Runs {@code body} over the batch in {@code chunks} fixed pieces, chunk {@code c} on images {@code [n·c/chunks, n·(c+1)/chunks)}. */
    private static void forImages(Geometry geo, int chunks, ImageBody body) {
        int n = geo.batch();
        if (n == 0) return;
        if (chunks == 1) {
            body.run(0, 0, n);
            return;
        }
        Parallel.forChunks(chunks, chunks, (c0, c1) -> {
            for (int c = c0; c < c1; c++) body.run(c, (int) ((long) n * c / chunks), (int) ((long) n * (c + 1) / chunks));
        });
    }

    // ---------------------------------------------------------------- float32 / float64 dispatch

    /**
     * Per-thread buffers (slot 0: columns, slot 1: their gradient, slot 2: a block's GEMM output or gathered output
     * gradient, slots 3–5: an image channels-last, its im2row block packed, the weight gradient in im2row's order, slot 6: the
     * weight gradient transposed for {@link ConvDirect}),
     * taken out while in use.
     */
    private static final class Scratch {
        private static final ThreadLocal<Object[]> SLOTS = ThreadLocal.withInitial(() -> new Object[7]);

        /** A buffer of at least {@code n} values of {@code dt} (contents undefined). */
        static Object take(DType dt, int slot, int n) {
            Object[] slots = SLOTS.get();
            Object a = slots[slot];
            slots[slot] = null; // a re-entrant call on this thread gets its own buffer
            boolean fits = dt == DType.FLOAT32 ? a instanceof float[] f && f.length >= n : a instanceof double[] d && d.length >= n;
            return fits ? a : zeros(dt, n);
        }

        static void giveBack(int slot, Object a) {
            SLOTS.get()[slot] = a;
        }

        static Object zeros(DType dt, int n) {
            return dt == DType.FLOAT32 ? new float[n] : new double[n];
        }
    }

    private static void gemm(boolean ta, boolean tb, int m, int n, int k, Object a, int aOff, int lda, Object b, int bOff, int ldb,
            double beta, Object c, int cOff, int ldc) {
        if (c instanceof float[] cf) {
            Gemm.sgemm(ta, tb, m, n, k, 1f, (float[]) a, aOff, lda, (float[]) b, bOff, ldb, (float) beta, cf, cOff, ldc);
        } else {
            Gemm.dgemm(ta, tb, m, n, k, 1d, (double[]) a, aOff, lda, (double[]) b, bOff, ldb, beta, (double[]) c, cOff, ldc);
        }
    }

    /** The whole column matrix of one image ({@code P} columns) into rows of {@code ld} values from {@code colOff}. */
    private static void im2col(Object x, int xOff, ConvKernels.Geometry3d g, int p, Object col, int colOff, int ld) {
        if (x instanceof float[] xf) ConvKernels.im2col(xf, xOff, g, 0, p, (float[]) col, colOff, ld);
        else ConvKernels.im2col((double[]) x, xOff, g, 0, p, (double[]) col, colOff, ld);
    }

    private static void col2im(Object col, int colOff, int ld, ConvKernels.Geometry3d g, int p, Object dx, int dxOff) {
        if (col instanceof float[] cf) ConvKernels.col2im(cf, colOff, ld, g, 0, p, (float[]) dx, dxOff);
        else ConvKernels.col2im((double[]) col, colOff, ld, g, 0, p, (double[]) dx, dxOff);
    }

    /** {@code dst[d, d+n) = src[s, s+n) + plus}. */
    private static void copyPlus(Object src, int s, Object dst, int d, int n, double plus) {
        if (src instanceof float[] sf) {
            float[] df = (float[]) dst;
            float f = (float) plus;
            if (f == 0) System.arraycopy(sf, s, df, d, n);
            else for (int i = 0; i < n; i++) df[d + i] = sf[s + i] + f;
        } else {
            double[] sd = (double[]) src, dd = (double[]) dst;
            if (plus == 0) System.arraycopy(sd, s, dd, d, n);
            else for (int i = 0; i < n; i++) dd[d + i] = sd[s + i] + plus;
        }
    }

    private static void im2col(Object x, int xOff, ConvKernels.Geometry3d g, int j0, int j1, Object col) {
        if (x instanceof float[] xf) ConvKernels.im2col(xf, xOff, g, j0, j1, (float[]) col);
        else ConvKernels.im2col((double[]) x, xOff, g, j0, j1, (double[]) col);
    }

    private static void col2im(Object col, ConvKernels.Geometry3d g, int j0, int j1, Object dx, int dxOff) {
        if (col instanceof float[] cf) ConvKernels.col2im(cf, g, j0, j1, (float[]) dx, dxOff);
        else ConvKernels.col2im((double[]) col, g, j0, j1, (double[]) dx, dxOff);
    }

    private static double read(Object a, int i) {
        return a instanceof float[] f ? f[i] : ((double[]) a)[i];
    }

    private static void fill(Object a, int from, int to, double v) {
        if (a instanceof float[] f) Arrays.fill(f, from, to, (float) v);
        else Arrays.fill((double[]) a, from, to, v);
    }

    /** Sum of {@code a[from, to)} in double, four partial sums for speed. */
    private static double sum(Object a, int from, int to) {
        double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        int i = from;
        if (a instanceof float[] f) {
            for (; i + 3 < to; i += 4) {
                s0 += f[i];
                s1 += f[i + 1];
                s2 += f[i + 2];
                s3 += f[i + 3];
            }
            for (; i < to; i++) s0 += f[i];
        } else {
            double[] d = (double[]) a;
            for (; i + 3 < to; i += 4) {
                s0 += d[i];
                s1 += d[i + 1];
                s2 += d[i + 2];
                s3 += d[i + 3];
            }
            for (; i < to; i++) s0 += d[i];
        }
        return (s0 + s1) + (s2 + s3);
    }

    private static void addInto(Object dst, Object src, int n) {
        if (dst instanceof float[] d) {
            float[] s = (float[]) src;
            for (int i = 0; i < n; i++) d[i] += s[i];
        } else {
            double[] d = (double[]) dst, s = (double[]) src;
            for (int i = 0; i < n; i++) d[i] += s[i];
        }
    }
}
