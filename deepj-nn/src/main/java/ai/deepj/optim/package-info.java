/**
 * Optimizers (gradient descent, momentum, Nesterov, AdaGrad, RMSprop, Adam, AdamW), learning-rate
 * schedules, gradient clipping and exponentially weighted averages.
 */
package ai.deepj.optim;
