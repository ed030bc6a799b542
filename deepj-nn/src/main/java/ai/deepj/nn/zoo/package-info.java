/**
 * The classic convolutional networks of Course 4 (LeNet-5, AlexNet, VGG, ResNet, Inception /
 * GoogLeNet, Network in Network) as builders that return ordinary {@link ai.deepj.nn.Sequential}
 * and {@link ai.deepj.nn.GraphModel} models made of deepj's layers. Standard configurations have
 * the published shapes and parameter counts (as torchvision counts them), and every model saves
 * and loads through {@link ai.deepj.nn.io.ModelIO} like any other.
 */
package ai.deepj.nn.zoo;
