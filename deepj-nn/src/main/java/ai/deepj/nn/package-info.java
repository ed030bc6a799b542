/**
 * Neural-network modules: {@link ai.deepj.nn.Module} (named parameters, buffers, train/eval,
 * config for re-creation), containers and layers. Each layer is one class.
 */
package ai.deepj.nn;
