/**
 * Turns a checked config into the things training needs: the data sets
 * ({@link ai.deepj.cli.build.DataBuilder}), the model ({@link ai.deepj.cli.build.ModelBuilder}: layers,
 * image layers and zoo models), the augmentation of the training images
 * ({@link ai.deepj.cli.build.Augmentations}), and the loss, optimizer and learning-rate schedule
 * ({@link ai.deepj.cli.build.Optimizers}).
 */
package ai.deepj.cli.build;
