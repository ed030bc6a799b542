package ai.deepj.train.transfer;

import ai.deepj.data.Batch;
import ai.deepj.data.Dataset;
import ai.deepj.data.TensorDataset;
import ai.deepj.io.AtomicFiles;
import ai.deepj.nn.Module;
import ai.deepj.nn.io.FileFormatException;
import ai.deepj.nn.io.Safetensors;
import ai.deepj.tensor.Autograd;
import ai.deepj.tensor.Tensor;
import ai.deepj.train.DatasetIdentity;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The course's trick for transfer learning with a frozen body: run the frozen part over the data set
 * once, save its activations to disk, and train only the head on them, epoch after epoch, without
 * recomputing the body.
 *
 * {@snippet :
 * Sequential model = Transfer.replaceHead(pretrained, head);     // body layers 0..k-1, head k
 * Sequential body = Transfer.body(model, model.size() - 1);
 * TensorDataset features = FeatureCache.compute(body, train, 64, Path.of("cache/train-features.safetensors"));
 * // ... in a later run, with the same body and data:
 * TensorDataset cached = FeatureCache.load(Path.of("cache/train-features.safetensors"), body, train);
 * Trainer.builder().model(head).loss(new CrossEntropy())
 *         .optimizer(Adam.of(head.parameters(), Adam.Options.defaults()))
 *         .train(new DataLoader(cached, DataLoader.Options.batchSize(32).withShuffle(1)))
 *         .epochs(10).build().fit();
 * }
 *
 * <p><b>File.</b> A safetensors file ({@link Safetensors}, written atomically with {@link AtomicFiles})
 * holding {@code features} (the body's outputs, example by example in the data set's order) and, for
 * labelled data, {@code labels} (the targets as they were), with metadata: {@code format}
 * ({@value #FORMAT}), {@code version} ({@value #VERSION}), {@code body_sha256} (a SHA-256 of the body's
 * architecture and of all its parameters and buffers), {@code body_type}, {@code data_sha256} and
 * {@code data_examples} (the {@link DatasetIdentity} fingerprint of the data set's inputs and targets) and
 * {@code batch_size}.
 *
 * <p><b>Staleness.</b> {@link #load} recomputes both fingerprints and refuses a cache made by another body
 * (different architecture, weights or buffers) or from other data, with a message saying which, rather
 * than train on stale features. Fingerprinting a large {@link Dataset} reads it once; for data kept in
 * files, pass a {@link DatasetIdentity#ofFiles} identity to the overloads that take one.
 *
 * <p><b>Equivalence.</b> The body runs in evaluation mode without gradients, so a head trained on the cache
 * learns what it would learn on top of the frozen body trained end to end only when the body behaves the
 * same in both modes: no dropout, and batch norm already in use with running statistics is the usual
 * transfer-learning setting; a body with dropout or batch norm in training mode gives different features.
 */
public final class FeatureCache {
    private FeatureCache() {}

    /** The {@code format} metadata value. */
    public static final String FORMAT = "deepj-feature-cache";
    /** The {@code version} metadata value this class writes and reads. */
    public static final String VERSION = "1";

    /**
     * Runs {@code frozenBody} over {@code data} in batches of {@code batchSize}, in evaluation mode without
     * gradients (its mode is restored afterwards), writes the features and labels to {@code file} and
     * returns them as a data set.
     *
     * @throws IOException if the file cannot be written (a previous file is then left as it was)
     */
    public static TensorDataset compute(Module frozenBody, Dataset data, int batchSize, Path file) throws IOException {
        return compute(frozenBody, data, DatasetIdentity.of("feature-cache", data), batchSize, file);
    }

    /** {@link #compute(Module, Dataset, int, Path)} with the data set's identity given rather than computed from its contents. */
    public static TensorDataset compute(Module frozenBody, Dataset data, DatasetIdentity dataIdentity, int batchSize, Path file)
            throws IOException {
        if (batchSize <= 0) throw new IllegalArgumentException("FeatureCache.compute: batch size must be positive, got " + batchSize);
        int m = data.size();
        if (m == 0) throw new IllegalArgumentException("FeatureCache.compute: the data set is empty");
        if (dataIdentity.examples() >= 0 && dataIdentity.examples() != m) {
            throw new IllegalArgumentException("FeatureCache.compute: the data identity counts " + dataIdentity.examples()
                    + " examples but the data set has " + m);
        }
        List<Tensor> features = new ArrayList<>(), labels = new ArrayList<>();
        boolean wasTraining = frozenBody.isTraining();
        frozenBody.eval();
        try (var s = Autograd.noGrad()) {
            for (int from = 0; from < m; from += batchSize) {
                int[] idx = new int[Math.min(batchSize, m - from)];
                for (int i = 0; i < idx.length; i++) idx[i] = from + i;
                Batch b = data.get(idx);
                features.add(frozenBody.forward(b.x()).contiguous());
                if (b.labelled()) labels.add(b.y());
                if (!labels.isEmpty() && labels.size() != features.size()) {
                    throw new IllegalArgumentException("FeatureCache.compute: the data set is labelled in some batches only");
                }
            }
        } finally {
            frozenBody.train(wasTraining);
        }
        Tensor x = features.size() == 1 ? features.get(0) : Tensor.concat(0, features.toArray(Tensor[]::new));
        Tensor y = labels.isEmpty() ? null : labels.size() == 1 ? labels.get(0).contiguous() : Tensor.concat(0, labels.toArray(Tensor[]::new));
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        tensors.put("features", x);
        if (y != null) tensors.put("labels", y);
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("format", FORMAT);
        meta.put("version", VERSION);
        meta.put("body_sha256", ModuleFingerprint.of(frozenBody));
        meta.put("body_type", frozenBody.typeName());
        meta.put("data_sha256", dataIdentity.sha256());
        meta.put("data_examples", Integer.toString(m));
        meta.put("batch_size", Integer.toString(batchSize));
        // Safetensors.write goes through AtomicFiles: a temp file, then a rename.
        Safetensors.write(file, tensors, meta);
        return y == null ? new TensorDataset(x) : new TensorDataset(x, y);
    }

    /**
     * The features and labels cached in {@code file}, after checking that they were computed by a body equal to
     * {@code expectedBody} (architecture, parameters, buffers) from {@code data}.
     *
     * @throws IllegalStateException if the cache is stale: made by another body or from other data (the message says which)
     * @throws FileFormatException   if the file is not a feature cache of a version this class reads
     * @throws IOException           if the file cannot be read
     */
    public static TensorDataset load(Path file, Module expectedBody, Dataset data) throws IOException {
        return load(file, expectedBody, DatasetIdentity.of("feature-cache", data));
    }

    /** {@link #load(Path, Module, Dataset)} with the data set's identity given rather than computed from its contents. */
    public static TensorDataset load(Path file, Module expectedBody, DatasetIdentity dataIdentity) throws IOException {
        Safetensors.Contents c = Safetensors.read(file);
        Map<String, String> meta = c.metadata();
        if (!FORMAT.equals(meta.get("format"))) {
            throw new FileFormatException(file, "not a feature cache (metadata format is " + meta.get("format") + ", expected " + FORMAT + ")");
        }
        if (!VERSION.equals(meta.get("version"))) {
            throw new FileFormatException(file, "feature cache version " + meta.get("version") + " is not supported (this deepj reads version "
                    + VERSION + "); recompute it with FeatureCache.compute");
        }
        for (String key : List.of("body_sha256", "data_sha256", "data_examples")) {
            if (meta.get(key) == null) throw new FileFormatException(file, "feature cache metadata lacks '" + key + "'");
        }
        Tensor x = c.tensors().get("features");
        if (x == null) throw new FileFormatException(file, "feature cache holds no 'features' tensor (it has " + c.tensors().keySet() + ")");
        String body = ModuleFingerprint.of(expectedBody);
        if (!body.equals(meta.get("body_sha256"))) {
            throw new IllegalStateException("FeatureCache.load: " + file + " is stale: it was computed by a different body (cached body "
                    + meta.get("body_type") + " " + shortHash(meta.get("body_sha256")) + ", the body given " + expectedBody.typeName() + " "
                    + shortHash(body) + ": its architecture, weights or buffers differ); recompute it with FeatureCache.compute");
        }
        if (!dataIdentity.sha256().equals(meta.get("data_sha256"))) {
            throw new IllegalStateException("FeatureCache.load: " + file + " is stale: it was computed from different data (cached "
                    + meta.get("data_examples") + " examples, data " + shortHash(meta.get("data_sha256")) + "; the data given "
                    + dataIdentity.examples() + " examples, data " + dataIdentity.shortHash() + "); recompute it with FeatureCache.compute");
        }
        String examples = Integer.toString(x.size(0));
        if (!examples.equals(meta.get("data_examples"))) {
            throw new FileFormatException(file, "feature cache holds " + examples + " feature rows but its metadata says "
                    + meta.get("data_examples") + " examples");
        }
        Tensor y = c.tensors().get("labels");
        return y == null ? new TensorDataset(x) : new TensorDataset(x, y);
    }

    private static String shortHash(String sha) {
        return sha.length() > 12 ? sha.substring(0, 12) : sha;
    }
}
