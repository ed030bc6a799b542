package ai.deepj.optim;

/**
 * Where Adam adds its ε. The two placements differ only while the bias corrections are far from
 * 1 and where {@code √s} is comparable to ε.
 */
public enum EpsilonPlacement {
    /**
     * After bias correction, outside the root: {@code W −= lr·v̂/(√ŝ + ε)} with
     * {@code v̂ = v/(1−β₁ᵗ)}, {@code ŝ = s/(1−β₂ᵗ)}. The course's Adam (its assignment computes
     * {@code v_corrected / (np.sqrt(s_corrected) + epsilon)}) and PyTorch's {@code torch.optim.Adam}.
     * The hyperparameter is named {@code eps}.
     */
    AFTER_BIAS_CORRECTION,
    /**
     * Before bias correction: {@code lr_t = lr·√(1−β₂ᵗ)/(1−β₁ᵗ); W −= lr_t·v/(√s + ε̂)}, the
     * "ε̂" of Kingma and Ba's Algorithm 1 efficiency note and what Keras/TensorFlow compute (Keras's
     * default ε̂ is 1e-7). The hyperparameter is named {@code epsHat}. Equivalent to the other
     * placement with {@code ε = ε̂·√(1−β₂ᵗ)}, an ε that grows toward ε̂ as t grows.
     */
    BEFORE_BIAS_CORRECTION
}
