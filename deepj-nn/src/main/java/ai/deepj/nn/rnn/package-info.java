/**
 * Recurrent networks (Course 5): cells that take one step with explicit state ({@link
 * ai.deepj.nn.rnn.SimpleRnnCell}, {@link ai.deepj.nn.rnn.GruCell}, {@link ai.deepj.nn.rnn.LstmCell})
 * and sequence layers over batch-first {@code [batch, time, features]} input with masks, initial
 * and final states ({@link ai.deepj.nn.rnn.SimpleRnn}, {@link ai.deepj.nn.rnn.Gru},
 * {@link ai.deepj.nn.rnn.Lstm}, {@link ai.deepj.nn.rnn.Bidirectional},
 * {@link ai.deepj.nn.rnn.StackedRnn}), {@link ai.deepj.nn.rnn.TimeDistributed}, and
 * {@link ai.deepj.nn.rnn.PyTorchRnn} to import PyTorch's weights.
 */
package ai.deepj.nn.rnn;
