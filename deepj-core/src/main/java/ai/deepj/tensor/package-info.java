/**
 * Tensors and reverse-mode automatic differentiation: {@link ai.deepj.tensor.Tensor} and its ops,
 * {@link ai.deepj.tensor.Autograd} for no-grad scopes and anomaly detection.
 * Each op's forward and backward live side by side in one small package-private class.
 */
package ai.deepj.tensor;
