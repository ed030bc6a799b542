/**
 * Loss functions (cross-entropy from probabilities or logits, softmax cross-entropy with sparse or
 * dense targets, MSE, MAE, Huber) and the course's L2/L1 regularization cost terms. Each loss is a
 * small immutable class implementing {@link ai.deepj.nn.loss.Loss}, with PyTorch's reductions.
 */
package ai.deepj.nn.loss;
