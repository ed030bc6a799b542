/**
 * Ready-made {@link ai.deepj.train.Callback}s: {@link ai.deepj.train.callbacks.EarlyStopping} and
 * {@link ai.deepj.train.callbacks.Callbacks}, which turns a lambda into a callback.
 */
package ai.deepj.train.callbacks;
