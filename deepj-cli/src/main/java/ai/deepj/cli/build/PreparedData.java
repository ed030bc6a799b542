package ai.deepj.cli.build;

import ai.deepj.cli.config.LossSpec;
import ai.deepj.data.Csv;
import ai.deepj.data.TensorDataset;
import java.util.List;

/**
 * The data of a run, ready for the trainer: train, dev, test and train-dev sets as tensors
 * (inputs of the default float type; targets int32 class indices {@code [m]} for multi-class,
 * float {@code [m, 1]} of 0/1 for binary, float {@code [m, k]} for regression), the shape of one
 * input, and the class names.
 *
 * @param train       the training set
 * @param dev         the dev set, or null
 * @param test        the test set, or null
 * @param trainDev    the train-dev set, or null
 * @param inputShape  the shape of one example's input, e.g. {@code [1, 28, 28]}
 * @param classes     class names (empty for regression)
 * @param description one line for the console, e.g. {@code shapes (generated, seed 1): train 30000, dev 5000, test 5000}
 * @param csvEncoding how CSV columns became features (for reading other CSV files the same way), or null
 * @param task        what the targets are
 */
public record PreparedData(TensorDataset train, TensorDataset dev, TensorDataset test, TensorDataset trainDev, int[] inputShape,
        List<String> classes, String description, Csv.Encoding csvEncoding, LossSpec.Task task) {

    /** The number of classes (0 for regression). */
    public int numClasses() {
        return classes.size();
    }
}
