package ai.deepj.nn;

import ai.deepj.tensor.DType;
import ai.deepj.tensor.Generator;
import ai.deepj.tensor.Tensor;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A lookup table of {@code numEmbeddings} learned vectors of length {@code dim}: int32 indices of
 * any shape {@code [...]} give {@code [..., dim]}. The gradient of each looked-up row flows to
 * that row of {@code weight} ({@code [numEmbeddings, dim]}, initialized N(0, 1) as in PyTorch);
 * indices used several times accumulate.
 *
 * {@snippet :
 * Embedding words = new Embedding(10_000, 64);
 * Tensor vectors = words.forward(tokenIds);   // int32 [batch, seq] → [batch, seq, 64]
 * }
 */
public final class Embedding extends Module {
    private final int numEmbeddings, dim;
    private final Tensor weight;

    /** N(0, 1) initialization from {@link Generator#global()}. */
    public Embedding(int numEmbeddings, int dim) {
        this(numEmbeddings, dim, Generator.global());
    }

    /** N(0, 1) initialization from {@code gen}. */
    public Embedding(int numEmbeddings, int dim, Generator gen) {
        if (numEmbeddings <= 0 || dim <= 0) {
            throw new IllegalArgumentException("Embedding: sizes must be positive, got " + numEmbeddings + " x " + dim);
        }
        this.numEmbeddings = numEmbeddings;
        this.dim = dim;
        weight = addParameter("weight", Tensor.randn(gen, numEmbeddings, dim));
    }

    /** The table, {@code [numEmbeddings, dim]}. */
    public Tensor weight() {
        return weight;
    }

    @Override
    public Tensor forward(Tensor indices) {
        if (indices.dtype() != DType.INT32) {
            throw new IllegalArgumentException("Embedding(" + numEmbeddings + ", " + dim + "): indices must be int32, got "
                    + indices.dtype() + " " + indices.shape());
        }
        int[] shape = Arrays.copyOf(indices.shape().toArray(), indices.dim() + 1);
        shape[indices.dim()] = dim;
        return weight.indexSelect(0, indices.reshape(-1)).reshape(shape);
    }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("numEmbeddings", numEmbeddings);
        c.put("dim", dim);
        return c;
    }

    /** Re-creates from {@link #config()}. */
    public static Embedding fromConfig(ModuleConfig cfg) {
        return new Embedding(cfg.getInt("numEmbeddings"), cfg.getInt("dim"));
    }
}
