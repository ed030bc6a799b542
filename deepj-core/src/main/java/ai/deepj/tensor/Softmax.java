package ai.deepj.tensor;

/**
 * Softmax and log-softmax along one dimension, each with a fused backward (rather than
 * differentiating through exp, sum and division): {@code dx = y·(g − Σ g·y)} for softmax and
 * {@code dx = g − e^y·Σ g} for log-softmax. The maximum is subtracted first, so large logits do
 * not overflow.
 */
final class Softmax {
    private Softmax() {}

    static Tensor softmax(Tensor x, int dim) {
        int d = Shape.axis(dim, Math.max(x.dim(), 1), "softmax");
        Tensor xf = x.dtype.isFloating() ? x : x.to(DType.FLOAT32);
        int[] axis = {d};
        Tensor y;
        try (var s = Autograd.noGrad()) {
            Tensor shifted = xf.sub(safeMax(xf, axis));
            Tensor e = shifted.exp();
            y = e.div(e.sum(axis, true));
        }
        final Tensor out = y;
        return Autograd.record("softmax", Node.SAVES_OUTPUT, out, g -> new Tensor[] {out.mul(g.sub(g.mul(out).sum(axis, true)))}, xf);
    }

    static Tensor logSoftmax(Tensor x, int dim) {
        int d = Shape.axis(dim, Math.max(x.dim(), 1), "logSoftmax");
        Tensor xf = x.dtype.isFloating() ? x : x.to(DType.FLOAT32);
        int[] axis = {d};
        Tensor y;
        try (var s = Autograd.noGrad()) {
            Tensor shifted = xf.sub(safeMax(xf, axis));
            y = shifted.sub(shifted.exp().sum(axis, true).log());
        }
        final Tensor out = y;
        return Autograd.record("log_softmax", Node.SAVES_OUTPUT, out, g -> new Tensor[] {g.sub(out.exp().mul(g.sum(axis, true)))}, xf);
    }

    /** The maximum along {@code axis}, with infinities replaced by 0 so that {@code x − max} stays finite. */
    private static Tensor safeMax(Tensor x, int[] axis) {
        if (x.dim() == 0) return x.zerosLike();
        Tensor m = x.max(axis, true);
        return m.maskedFill(m.abs().eq(Double.POSITIVE_INFINITY), 0);
    }
}
