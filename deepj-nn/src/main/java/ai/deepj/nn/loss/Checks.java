package ai.deepj.nn.loss;

import ai.deepj.tensor.Tensor;

/** Argument checks shared by the losses; every message names the loss and both shapes. */
final class Checks {
    private Checks() {}

    /** Floating prediction and target of exactly the same shape (no silent broadcasting of [N, 1] against [N]). */
    static void sameShapeFloats(String loss, Tensor prediction, Tensor target) {
        if (!prediction.dtype().isFloating() || !target.dtype().isFloating()) {
            throw new IllegalArgumentException(loss + ": prediction and target must be floating-point, got "
                    + prediction.dtype() + " " + prediction.shape() + " and " + target.dtype() + " " + target.shape());
        }
        if (!prediction.shape().equals(target.shape())) {
            throw new IllegalArgumentException(loss + ": prediction " + prediction.shape() + " and target " + target.shape()
                    + " must have the same shape (reshape one of them; a [N, 1] against [N] would broadcast to [N, N])");
        }
    }

    static void reduction(String loss, Reduction r) {
        if (r == null) throw new IllegalArgumentException(loss + ": reduction must not be null");
    }

    /** {@code w} (if not null) is floating and broadcasts to {@code shape} without changing it. */
    static void broadcastsTo(String loss, String what, Tensor w, Tensor input) {
        if (w == null) return;
        int[] s = input.shape().toArray(), ws = w.shape().toArray();
        boolean ok = w.dtype().isFloating() && ws.length <= s.length;
        for (int i = 0; ok && i < ws.length; i++) {
            int size = ws[ws.length - 1 - i];
            ok = size == 1 || size == s[s.length - 1 - i];
        }
        if (!ok) {
            throw new IllegalArgumentException(loss + ": " + what + " " + w.dtype() + " " + w.shape()
                    + " must be floating and broadcast to the input's shape " + input.shape());
        }
    }
}
