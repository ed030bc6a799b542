/**
 * Advisors that read a run the way the course teaches: {@link ai.deepj.advise.BiasVariance} turns
 * train, dev, train-dev and human-level errors into a diagnosis and the basic recipe's next steps;
 * {@link ai.deepj.advise.TrainingHealth} watches gradients, updates, activations and the cost
 * while training and names what looks wrong (vanishing or exploding gradients, α too large or too
 * small, dead ReLUs) with the course's remedies.
 */
package ai.deepj.advise;
