package ai.deepj.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * Caller mistakes raise {@link IllegalArgumentException} whose message names the op and the shapes
 * involved (bad indices into data raise {@link IndexOutOfBoundsException}, the JDK's idiom, with the
 * same kind of message). Never an exception from deep inside a kernel.
 */
class ErrorMessageTest {
    private static final Tensor X = Tensor.zeros(DType.FLOAT64, 2, 3);

    private static String message(Class<? extends RuntimeException> type, Executable call) {
        return assertThrows(type, call).getMessage();
    }

    private static String illegal(Executable call) {
        return message(IllegalArgumentException.class, call);
    }

    private static void assertMentions(String message, String... parts) {
        for (String p : parts) assertTrue(message.contains(p), () -> "'" + message + "' should mention '" + p + "'");
    }

    @Test
    void matmulNamesBothShapesAndTheInnerDims() {
        assertEquals("matmul: cannot multiply [32, 784] by [128, 10] (inner dims 784 != 128)",
                illegal(() -> Tensor.zeros(32, 784).matmul(Tensor.zeros(128, 10))));
    }

    @Test
    void matmulOfAVectorNamesTheCallersShapesNotInternalOnes() {
        assertEquals("matmul: cannot multiply [3] by [4, 5] (inner dims 3 != 4)",
                illegal(() -> Tensor.zeros(3).matmul(Tensor.zeros(4, 5))));
        assertEquals("matmul: cannot multiply [4, 3] by [4] (inner dims 3 != 4)",
                illegal(() -> Tensor.zeros(4, 3).matmul(Tensor.zeros(4))));
        assertEquals("matmul: cannot multiply [2, 4, 3] by [4, 5] (inner dims 3 != 4)",
                illegal(() -> Tensor.zeros(2, 4, 3).matmul(Tensor.zeros(4, 5))));
    }

    @Test
    void matmulRefusesUnbroadcastableBatchesIntegersAndScalars() {
        assertMentions(illegal(() -> Tensor.zeros(2, 4, 3).matmul(Tensor.zeros(3, 3, 5))), "matmul", "[2, 4, 3]", "[3, 3, 5]",
                "do not broadcast");
        assertMentions(illegal(() -> Tensor.arange(6).reshape(2, 3).matmul(Tensor.zeros(3, 2))), "matmul", "int32");
        assertMentions(illegal(() -> Tensor.scalar(1).matmul(Tensor.zeros(3))), "matmul", "[]", "[3]");
        assertMentions(illegal(() -> Tensor.zeros(3).matmul(Tensor.zeros(4))), "matmul", "[3]", "[4]");
    }

    @Test
    void broadcastingFailureNamesTheOpAndBothShapes() {
        assertEquals("add: cannot broadcast shapes [2, 3] [4] (dimension -1: 3 vs 4; sizes must be equal or 1, aligned from the right)",
                illegal(() -> X.add(Tensor.zeros(DType.FLOAT64, 4))));
        assertMentions(illegal(() -> Tensor.zeros(2, 3, 4).mul(Tensor.zeros(3, 5))), "mul", "[2, 3, 4]", "[3, 5]");
        assertMentions(illegal(() -> Tensor.where(Tensor.zeros(5), X, X)), "where", "[5]", "[2, 3]");
        assertMentions(illegal(() -> X.addInPlace(Tensor.zeros(DType.FLOAT64, 3, 3))), "addInPlace", "[2, 3]", "[3, 3]");
    }

    @Test
    void reshapeWithTheWrongNumberOfElements() {
        assertEquals("reshape: cannot reshape [2, 3] (6 elements) into [4, 2] (8 elements)", illegal(() -> X.reshape(4, 2)));
        assertMentions(illegal(() -> X.reshape(-1, 4)), "reshape", "[2, 3]", "[-1, 4]");
        assertMentions(illegal(() -> X.reshape(-1, -1)), "reshape", "only one size may be -1");
    }

    @Test
    void badAxesNameTheOpAndTheValidRange() {
        assertEquals("sum: dimension 2 out of range for a tensor of rank 2 (valid: -2 to 1)", illegal(() -> X.sum(2)));
        assertMentions(illegal(() -> X.mean(new int[] {-3}, false)), "mean", "-3", "rank 2");
        assertMentions(illegal(() -> X.sum(new int[] {0, -2}, false)), "sum", "twice");
        assertMentions(illegal(() -> X.argmax(5, false)), "argmax", "5");
        assertMentions(illegal(() -> X.transpose(0, 2)), "transpose", "2");
        assertMentions(illegal(() -> Tensor.zeros(0, 3).max(new int[] {0}, false)), "max", "empty", "[0, 3]");
    }

    @Test
    void indexingMistakes() {
        assertEquals("gather: index 3 at position [1, 0] is out of range for dimension 1 of size 3",
                message(IndexOutOfBoundsException.class, () -> X.gather(1, Tensor.of(new int[] {0, 3}, 2, 1))));
        assertEquals("gather: indices must be int32, got float32 (shape [2, 1])", illegal(() -> X.gather(1, Tensor.zeros(2, 1))));
        assertMentions(illegal(() -> X.gather(1, Tensor.of(new int[] {0, 1}, 2))), "gather", "[2]", "[2, 3]");
        assertMentions(message(IndexOutOfBoundsException.class, () -> X.indexSelect(0, Tensor.of(new int[] {2}, 1))),
                "indexSelect", "index 2", "[2, 3]");
        assertMentions(illegal(() -> X.scatterAdd(0, Tensor.zeros(DType.INT32, 2, 4), Tensor.zeros(DType.FLOAT64, 2, 4))),
                "scatterAdd", "[2, 4]", "[2, 3]");
        assertMentions(message(IndexOutOfBoundsException.class, () -> Tensor.oneHot(Tensor.of(new int[] {3}, 1), 3, DType.FLOAT32)),
                "oneHot", "label 3");
        assertMentions(message(IndexOutOfBoundsException.class, () -> X.select(0, 2)), "select", "index 2", "[2, 3]");
        assertMentions(illegal(() -> X.get(0)), "get", "[2, 3]");
    }

    @Test
    void integerTensorsCannotRequireGrad() {
        assertEquals("requiresGrad: only floating-point tensors can require gradients, got int32",
                illegal(() -> Tensor.arange(3).requiresGrad(true)));
    }

    @Test
    void shapeOpMistakesNameTheShapes() {
        assertMentions(illegal(() -> Tensor.concat(0, X, Tensor.zeros(DType.FLOAT64, 2, 4))), "concat", "[2, 4]", "[2, 3]");
        assertMentions(illegal(() -> Tensor.stack(0, X, Tensor.zeros(DType.FLOAT64, 3, 2))), "stack", "[3, 2]", "[2, 3]");
        assertMentions(illegal(() -> X.split(new int[] {1, 1}, 1)), "split", "[2, 3]");
        assertMentions(illegal(() -> X.expand(2, 4)), "expand", "[2, 3]", "[2, 4]");
        assertMentions(illegal(() -> X.squeeze(0)), "squeeze", "[2, 3]");
        assertMentions(illegal(() -> X.permute(0)), "permute", "[2, 3]");
        assertMentions(illegal(() -> X.narrow(1, 2, 2)), "narrow", "[2, 3]");
        assertMentions(illegal(() -> Tensor.zeros(2, 3, 4).t()), "t:", "[2, 3, 4]");
        assertMentions(illegal(() -> X.slice(1, 0, 3, 0)), "slice", "step");
    }

    @Test
    void creationAndAutogradMistakes() {
        assertEquals("of: 3 values do not fill shape [2, 2] (4 elements)", illegal(() -> Tensor.of(new double[] {1, 2, 3}, 2, 2)));
        assertMentions(illegal(() -> X.item()), "item", "[2, 3]");
        assertMentions(illegal(() -> X.clamp(1, 0)), "clamp", "min");
        assertMentions(illegal(() -> X.norm(0, new int[] {0}, false)), "norm", "p");
        assertMentions(illegal(() -> Tensor.arange(DType.FLOAT32, 0, 1, 0)), "arange", "step");
        assertMentions(illegal(() -> Tensor.full(DType.INT32, 0.5, 2)), "full", "int32");
        assertMentions(illegal(() -> X.setGrad(Tensor.zeros(3))), "setGrad", "[3]", "[2, 3]");
        Tensor y = X.detach().requiresGrad(true).mul(2);
        assertMentions(illegal(y::backward), "backward", "[2, 3]");
        assertMentions(illegal(() -> y.backward(Tensor.zeros(DType.FLOAT64, 3))), "backward", "[3]", "[2, 3]");
    }
}
