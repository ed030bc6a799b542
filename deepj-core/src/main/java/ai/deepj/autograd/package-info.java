/**
 * Gradient checking: compares autograd's gradients with float64 finite differences.
 * Every differentiable op and layer in deepj is tested with it.
 */
package ai.deepj.autograd;
