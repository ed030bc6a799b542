/**
 * Data augmentation: composable, seeded {@link ai.deepj.data.augment.Transform}s on images held as
 * float32 tensors {@code [C, H, W]} or batches {@code [N, C, H, W]} (mirroring, crops, rotation, affine
 * and elastic distortions, colour shifts, AlexNet's PCA colour augmentation, normalization), and
 * {@link ai.deepj.data.augment.AugmentedDataset}, which applies a transform to every example a
 * {@link ai.deepj.data.Dataset} returns, reproducibly per (seed, epoch, example).
 */
package ai.deepj.data.augment;
