package ai.deepj.nn.rnn;

import ai.deepj.tensor.DType;
import ai.deepj.tensor.Tensor;
import java.util.List;

/**
 * A recurrent layer run one step at a time from differentiable tensor ops ({@link RnnCell#composedStep}),
 * masks applied with {@code where}: the reference that the fused sequence kernels are tested
 * against. It is slow by design: every step's view of the input costs a full-size gradient in
 * backward (O(T²) for the whole sequence), which is why the layers use the kernels.
 */
final class ComposedRecurrence {
    private ComposedRecurrence() {}

    /** What {@code layer.run(x, mask, [initial])} computes; {@code mask} [batch, time] or null, {@code initial} null for zeros. */
    static RnnOutput run(RecurrentLayer layer, Tensor x, Tensor mask, RnnState initial) {
        RnnCell cell = layer.cell();
        int batch = x.size(0), time = x.size(1);
        RnnState state = initial != null ? initial : cell.initialState(batch, DType.promote(x.dtype(), cell.weightHh().dtype()));
        Tensor[] outputs = new Tensor[time];
        for (int s = 0; s < time; s++) {
            int t = layer.reverse() ? time - 1 - s : s;
            RnnState next = cell.composedStep(x.select(1, t), state);
            if (mask == null) {
                outputs[t] = next.h();
                state = next;
            } else {
                Tensor real = mask.select(1, t).reshape(batch, 1).ne(0);
                outputs[t] = Tensor.where(real, next.h(), next.h().zerosLike());
                state = new RnnState(Tensor.where(real, next.h(), state.h()),
                        next.c() == null ? null : Tensor.where(real, next.c(), state.c()));
            }
        }
        return new RnnOutput(Tensor.stack(1, outputs), state.h(), List.of(state));
    }
}
