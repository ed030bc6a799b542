package ai.deepj.tensor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Recurrent layers over a whole sequence as single recorded ops with hand-written backward passes
 * (backpropagation through time), as cuDNN runs them. Per step there is one matrix product for all
 * gates from the state; the products from the inputs are hoisted out of the loop by the caller as
 * one big GEMM ({@code xGates = x.linear(weightIh, biasIh)}, {@code [B, T, G]}), and the weight's
 * gradient is one GEMM over all steps at the end. The composed versions, one step at a time from
 * differentiable tensor ops, live in {@code ai.deepj.nn.rnn} and are the reference these kernels
 * are tested against.
 *
 * <p>Why whole sequences: a step-by-step loop over a {@code [B, T, ·]} tensor takes a view per
 * step, and the backward of each view is a full-size gradient, so the loop costs O(T²) memory
 * traffic in backward; here the input's gradient is assembled in one buffer.
 *
 * <p>Shapes (batch-first): {@code xGates [B, T, G]}, {@code weightHh [G, H]} (PyTorch's
 * {@code weight_hh}), {@code biasHh [G]} or null, initial states {@code [B, H]} or null for zeros,
 * {@code mask [B, T]} (non-zero: a real step) or null. At a masked step the state is carried
 * through unchanged and the output is zero, so the final state of a right-padded sequence is its
 * state after its last real step (PyTorch's packed sequences). {@code reverse} processes
 * {@code t = T−1 … 0}, outputs staying at their time index (the backward half of a bidirectional
 * layer); with a mask it starts, in effect, at each sequence's own last real step.
 *
 * <p>Precision: a float32 LSTM runs in float32 throughout, its state included, as PyTorch and cuDNN
 * do ({@link FloatLstmKernel}: the recurrent weight packed once per call, vector gates, the batch split
 * over threads). The other kernels, and every kernel in float64, keep the state in float64; their
 * products run in the inputs' precision. The float64 LSTM kernel is the reference the float32 one is
 * tested against.
 *
 * {@snippet :
 * Tensor xg = FusedRecurrent.inputGates(x, weightIh, biasIh);           // [B, T, 4H]: one GEMM, or a gather for one-hot x
 * FusedRecurrent.Result r = FusedRecurrent.lstm(xg, weightHh, biasHh, null, null, null, mask, false);
 * r.output();   // [B, T, H]
 * r.h();        // [B, H], the final state
 * }
 */
public final class FusedRecurrent {
    private FusedRecurrent() {}

    /** The activation of a plain recurrent layer. */
    public enum Activation {
        TANH, RELU, SIGMOID, IDENTITY
    }

    /**
     * What a recurrent op returns: views of one recorded result.
     *
     * @param output the state after every step, {@code [B, T, H]}, zero at masked steps
     * @param h      the final state {@code [B, H]}
     * @param c      the LSTM's final cell state {@code [B, H]}; null for the others
     */
    public record Result(Tensor output, Tensor h, Tensor c) {}

    /**
     * The input gates of a recurrent layer for all steps, {@code x.linear(weightIh, biasIh)}: the same
     * values, computed as a row gather when {@code x} is float32, needs no gradient and every row of it is
     * one-hot (a single 1, all else 0: a character-level model's input), else the product itself.
     */
    public static Tensor inputGates(Tensor x, Tensor weightIh, Tensor biasIh) {
        Tensor y = OneHotLinear.apply(x, weightIh, biasIh);
        return y != null ? y : x.linear(weightIh, biasIh);
    }

    /**
     * LSTM, gates in PyTorch's order {@code (i, f, g, o)}: {@code xGates [B, T, 4H]},
     * {@code weightHh [4H, H]}, {@code biasHh [4H]}, {@code peepholes [3H]} (i, f, o; the output
     * gate's looks at the new cell state) or null. See {@code LstmKernel} for the equations.
     */
    public static Result lstm(Tensor xGates, Tensor weightHh, Tensor biasHh, Tensor peepholes, Tensor h0, Tensor c0, Tensor mask,
            boolean reverse) {
        Shapes s = Shapes.check("lstm", 4, xGates, weightHh, biasHh, h0, c0, mask);
        if (peepholes != null && (peepholes.dim() != 1 || peepholes.size(0) != 3 * s.hidden)) {
            throw new IllegalArgumentException("lstm: peepholes must be [" + 3 * s.hidden + "] (i, f, o for hidden size " + s.hidden
                    + "), got " + peepholes.shape());
        }
        DType dt = promote(xGates, weightHh, biasHh, peepholes, h0, c0);
        if (dt == DType.FLOAT32) return floatLstm(s, xGates, weightHh, biasHh, peepholes, h0, c0, reverse);
        LstmKernel k = new LstmKernel(s.batch, s.time, s.hidden, reverse, s.valid, doubles(xGates), doubles(weightHh),
                array(biasHh), array(peepholes), array(h0), array(c0), dt);
        k.forward();
        return record("lstm", s, dt, k, true, new Tensor[] {xGates, weightHh, biasHh, peepholes, h0, c0});
    }

    /** The float32 LSTM ({@link FloatLstmKernel}): one output array, views of it, and the backward reading the saved buffers. */
    private static Result floatLstm(Shapes s, Tensor xGates, Tensor weightHh, Tensor biasHh, Tensor peepholes, Tensor h0, Tensor c0,
            boolean reverse) {
        Tensor[] inputs = {xGates, weightHh, biasHh, peepholes, h0, c0};
        boolean keep = false;
        if (Autograd.isGradEnabled()) for (Tensor t : inputs) keep |= needs(t);
        Tensor xc = xGates.contiguous(), wc = weightHh.contiguous();
        FloatLstmKernel k = new FloatLstmKernel(s.batch, s.time, s.hidden, reverse, s.valid, xc.floatArray(), xc.offset, wc.floatArray(),
                wc.offset, floats(biasHh), floats(peepholes), floats(h0), floats(c0), keep);
        k.forward();
        int bth = s.batch * s.time * s.hidden, bh = s.batch * s.hidden;
        Tensor out = Creation.fromArray(DType.FLOAT32, k.result, k.result.length, new int[] {k.result.length});
        if (keep) {
            List<Tensor> present = new ArrayList<>();
            int[] slot = slots(inputs, present);
            // Backward reads the recurrent weight and the peepholes in place: overwriting them first is refused.
            int saves = 1 << slot[1] | (slot[3] >= 0 ? 1 << slot[3] : 0);
            Autograd.record("lstm", saves, out, g -> {
                Tensor gc = g.contiguous();
                k.backward(gc.floatArray(), gc.offset, needs(inputs[1]), needs(inputs[2]));
                Tensor[] grads = new Tensor[present.size()];
                if (needs(inputs[0])) grads[slot[0]] = Creation.fromArray(DType.FLOAT32, k.dxg, k.dxg.length, xGates.shape().toArray());
                if (needs(inputs[1])) grads[slot[1]] = Creation.fromArray(DType.FLOAT32, k.dw, k.dw.length, weightHh.shape().toArray());
                if (needs(inputs[2])) grads[slot[2]] = Creation.fromArray(DType.FLOAT32, k.dBias, k.dBias.length, biasHh.shape().toArray());
                if (needs(inputs[3])) grads[slot[3]] = Creation.fromArray(DType.FLOAT32, k.dPeep, k.dPeep.length, peepholes.shape().toArray());
                if (needs(inputs[4])) grads[slot[4]] = Creation.fromArray(DType.FLOAT32, k.dh0, k.dh0.length, h0.shape().toArray());
                if (needs(inputs[5])) grads[slot[5]] = Creation.fromArray(DType.FLOAT32, k.dc0, k.dc0.length, c0.shape().toArray());
                return grads;
            }, present.toArray(new Tensor[0]));
        }
        return new Result(out.narrow(0, 0, bth).reshape(s.batch, s.time, s.hidden), out.narrow(0, bth, bh).reshape(s.batch, s.hidden),
                out.narrow(0, bth + bh, bh).reshape(s.batch, s.hidden));
    }

    /** The float32 values of {@code t} in row-major order from index 0 (a copy unless it is a whole contiguous array), or null. */
    private static float[] floats(Tensor t) {
        if (t == null) return null;
        Tensor c = t.contiguous();
        float[] a = c.floatArray();
        int n = (int) c.numel();
        return c.offset == 0 && a.length == n ? a : Arrays.copyOfRange(a, c.offset, c.offset + n);
    }

    /** The positions of the non-null {@code inputs} among those added to {@code present} (-1 for null ones). */
    private static int[] slots(Tensor[] inputs, List<Tensor> present) {
        int[] slot = new int[inputs.length];
        for (int i = 0; i < inputs.length; i++) {
            slot[i] = -1;
            if (inputs[i] != null) {
                slot[i] = present.size();
                present.add(inputs[i]);
            }
        }
        return slot;
    }

    /**
     * GRU in PyTorch's form, gates {@code (r, z, n)}: {@code xGates [B, T, 3H]},
     * {@code weightHh [3H, H]}, {@code biasHh [3H]} (its n-part sits inside {@code r∗(...)}, so it
     * is not redundant with the input bias). See {@code GruKernel}.
     */
    public static Result gru(Tensor xGates, Tensor weightHh, Tensor biasHh, Tensor h0, Tensor mask, boolean reverse) {
        Shapes s = Shapes.check("gru", 3, xGates, weightHh, biasHh, h0, null, mask);
        DType dt = promote(xGates, weightHh, biasHh, h0);
        GruKernel k = new GruKernel(s.batch, s.time, s.hidden, reverse, s.valid, doubles(xGates), doubles(weightHh),
                array(biasHh), array(h0), dt);
        k.forward();
        return record("gru", s, dt, k, false, new Tensor[] {xGates, weightHh, biasHh, null, h0, null});
    }

    /**
     * GRU in the course's full form, gates {@code (Γr, Γu, c̃)}: {@code xGates [B, T, 3H]} already
     * holding the one bias, {@code weightHh [3H, H]}; the relevance gate multiplies the state
     * before the candidate's product. See {@code CourseGruKernel}.
     */
    public static Result courseGru(Tensor xGates, Tensor weightHh, Tensor h0, Tensor mask, boolean reverse) {
        Shapes s = Shapes.check("courseGru", 3, xGates, weightHh, null, h0, null, mask);
        DType dt = promote(xGates, weightHh, h0);
        CourseGruKernel k = new CourseGruKernel(s.batch, s.time, s.hidden, reverse, s.valid, doubles(xGates), doubles(weightHh),
                array(h0), dt);
        k.forward();
        return record("courseGru", s, dt, k, false, new Tensor[] {xGates, weightHh, null, null, h0, null});
    }

    /** The plain recurrence {@code h' = activation(xGates_t + h·Whhᵀ + bhh)}: {@code xGates [B, T, H]}, {@code weightHh [H, H]}. */
    public static Result rnn(Tensor xGates, Tensor weightHh, Tensor biasHh, Activation activation, Tensor h0, Tensor mask,
            boolean reverse) {
        if (activation == null) throw new IllegalArgumentException("rnn: activation is null");
        Shapes s = Shapes.check("rnn", 1, xGates, weightHh, biasHh, h0, null, mask);
        DType dt = promote(xGates, weightHh, biasHh, h0);
        RnnKernel k = new RnnKernel(s.batch, s.time, s.hidden, reverse, s.valid, doubles(xGates), doubles(weightHh),
                array(biasHh), array(h0), activation, dt);
        k.forward();
        return record("rnn", s, dt, k, false, new Tensor[] {xGates, weightHh, biasHh, null, h0, null});
    }

    /** Sizes taken from the operands, checked against each other, and the mask as booleans. */
    private record Shapes(int batch, int time, int hidden, boolean[] valid) {
        static Shapes check(String op, int factor, Tensor xg, Tensor w, Tensor bias, Tensor h0, Tensor c0, Tensor mask) {
            if (xg == null || w == null) throw new IllegalArgumentException(op + ": xGates and weightHh are required");
            if (w.dim() != 2 || w.size(0) != factor * w.size(1) || w.size(1) == 0) {
                throw new IllegalArgumentException(op + ": weightHh must be [" + factor + "·H, H] with H > 0, got " + w.shape());
            }
            int hidden = w.size(1), g = factor * hidden;
            if (xg.dim() != 3 || xg.size(2) != g) {
                throw new IllegalArgumentException(op + ": xGates must be [batch, time, " + g + "] for weightHh " + w.shape() + ", got "
                        + xg.shape());
            }
            int batch = xg.size(0), time = xg.size(1);
            if (batch == 0 || time == 0) {
                throw new IllegalArgumentException(op + ": needs at least one sequence and one time step, got xGates " + xg.shape());
            }
            if (bias != null && (bias.dim() != 1 || bias.size(0) != g)) {
                throw new IllegalArgumentException(op + ": biasHh must be [" + g + "], got " + bias.shape());
            }
            for (Tensor state : new Tensor[] {h0, c0}) {
                if (state != null && (state.dim() != 2 || state.size(0) != batch || state.size(1) != hidden)) {
                    throw new IllegalArgumentException(op + ": initial state must be [" + batch + ", " + hidden + "], got " + state.shape());
                }
            }
            for (Tensor t : new Tensor[] {xg, w, bias, h0, c0}) {
                if (t != null && !t.dtype.isFloating()) {
                    throw new IllegalArgumentException(op + ": needs floating-point tensors, got " + t.dtype + " " + t.shape());
                }
            }
            boolean[] valid = null;
            if (mask != null) {
                if (mask.dim() != 2 || mask.size(0) != batch || mask.size(1) != time) {
                    throw new IllegalArgumentException(op + ": mask must be [" + batch + ", " + time + "], got " + mask.shape());
                }
                double[] m = mask.toDoubleArray();
                valid = new boolean[m.length];
                for (int i = 0; i < m.length; i++) valid[i] = m[i] != 0;
            }
            return new Shapes(batch, time, hidden, valid);
        }
    }

    private static DType promote(Tensor... ts) {
        DType dt = null;
        for (Tensor t : ts) if (t != null) dt = dt == null ? t.dtype : DType.promote(dt, t.dtype);
        return dt;
    }

    private static double[] array(Tensor t) {
        return t == null ? null : doubles(t);
    }

    /**
     * The values of {@code t} in row-major order as doubles: the tensor's own array when it is a
     * whole contiguous float64 array (the kernels only read their operands; backward's reads of
     * the weights are guarded by the op's saved-tensor versions), else a copy.
     */
    private static double[] doubles(Tensor t) {
        Tensor c = t.contiguous();
        int n = (int) c.numel();
        if (c.dtype == DType.FLOAT64) {
            double[] a = c.doubleArray();
            return c.offset == 0 && a.length == n ? a : Arrays.copyOfRange(a, c.offset, c.offset + n);
        }
        if (c.dtype != DType.FLOAT32) return c.toDoubleArray();
        float[] f = c.floatArray();
        double[] d = new double[n];
        for (int i = 0; i < n; i++) d[i] = f[c.offset + i];
        return d;
    }

    /**
     * Packs the kernel's results into one tensor {@code [B·T·H outputs | B·H final h | B·H final c]},
     * records its backward, and returns views of its parts. {@code inputs} are, in order, xGates,
     * weightHh, biasHh, peepholes, h0, c0; null where absent.
     */
    private static Result record(String op, Shapes s, DType dt, RecurrentKernel k, boolean lstm, Tensor[] inputs) {
        int bth = s.batch * s.time * s.hidden, bh = s.batch * s.hidden;
        double[] packed = new double[bth + bh * (lstm ? 2 : 1)];
        System.arraycopy(k.out, 0, packed, 0, bth);
        System.arraycopy(k.hFinal, 0, packed, bth, bh);
        if (lstm) System.arraycopy(((LstmKernel) k).cFinal, 0, packed, bth + bh, bh);
        Tensor out = tensor(packed, dt, packed.length);
        List<Tensor> present = new ArrayList<>();
        int[] slot = slots(inputs, present);
        // Backward reads the recurrent weight and the peepholes (maybe their own arrays): overwriting
        // them in place before backward is refused. Everything else it reads, the kernel saved.
        int saves = 1 << slot[1] | (slot[3] >= 0 ? 1 << slot[3] : 0);
        Autograd.record(op, saves, out, g -> {
            double[] gs = doubles(g);
            double[] gOut = Arrays.copyOfRange(gs, 0, bth), gH = Arrays.copyOfRange(gs, bth, bth + bh);
            double[] gC = lstm ? Arrays.copyOfRange(gs, bth + bh, bth + 2 * bh) : null;
            k.backward(gOut, gH, gC, needs(inputs[1]), needs(inputs[2]));
            Tensor[] grads = new Tensor[present.size()];
            int[] shape = {s.batch, s.time, k.gates};
            if (needs(inputs[0])) grads[slot[0]] = tensor(k.dxg, dt, shape);
            if (needs(inputs[1])) grads[slot[1]] = tensor(k.dw, dt, inputs[1].shape);
            if (needs(inputs[2])) grads[slot[2]] = tensor(k.dBias, dt, inputs[2].shape);
            if (needs(inputs[3])) grads[slot[3]] = tensor(((LstmKernel) k).dPeep, dt, inputs[3].shape);
            if (needs(inputs[4])) grads[slot[4]] = tensor(k.dh0, dt, inputs[4].shape);
            if (needs(inputs[5])) grads[slot[5]] = tensor(((LstmKernel) k).dc0, dt, inputs[5].shape);
            return grads;
        }, present.toArray(new Tensor[0]));
        Tensor output = out.narrow(0, 0, bth).reshape(s.batch, s.time, s.hidden);
        Tensor h = out.narrow(0, bth, bh).reshape(s.batch, s.hidden);
        Tensor c = lstm ? out.narrow(0, bth + bh, bh).reshape(s.batch, s.hidden) : null;
        return new Result(output, h, c);
    }

    private static boolean needs(Tensor t) {
        return t != null && t.requiresGrad;
    }

    private static Tensor tensor(double[] values, DType dt, int... shape) {
        if (dt == DType.FLOAT64) return Creation.fromArray(DType.FLOAT64, values, values.length, shape);
        float[] f = new float[values.length];
        for (int i = 0; i < f.length; i++) f[i] = (float) values[i];
        return Creation.fromArray(DType.FLOAT32, f, f.length, shape);
    }
}
