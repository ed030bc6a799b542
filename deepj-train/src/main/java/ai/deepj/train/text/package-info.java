/**
 * Language-model helpers: a {@link ai.deepj.train.text.Vocabulary} of characters or words (capped, with an
 * unknown-word token) and {@link ai.deepj.train.text.Sampling} of the next token from a model's output
 * (with a temperature, or greedy). Training over a long stream is in {@code ai.deepj.train}
 * ({@code StreamWindows}, truncated BPTT), the perplexity metric in {@code ai.deepj.train.metrics}.
 */
package ai.deepj.train.text;
