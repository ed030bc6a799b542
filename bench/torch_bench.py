#!/usr/bin/env python3
"""The PyTorch side of bench/compare.sh: the same workloads as ai.deepj.bench.Workloads, timed the
same way as ai.deepj.bench.Compare (warm-up, then samples of at least 20 ms; the figure is the best
sample). Prints one line per figure:

    RESULT impl=torch bench=sgemm-512x512x512 threads=1 value=123.4 unit=GFLOP/s

Usage: torch_bench.py [--threads 1,2] [--warmup-ms 500] [--measure-ms 1500] [--list] [bench ...]
To add a workload, add it to WORKLOADS here and to Workloads.java.
"""
import argparse
import sys
import time

MIN_SAMPLE_S = 0.020
MIN_SAMPLES = 3


def sgemm(m, k, n, trans_a=False, trans_b=False):
    """C = op(A)·op(B), op(A) m×k, op(B) k×n, into a preallocated C (as deepj's Gemm.sgemm)."""
    def set_up(torch, gen):
        a = torch.rand(k, m, generator=gen) * 2 - 1 if trans_a else torch.rand(m, k, generator=gen) * 2 - 1
        b = torch.rand(n, k, generator=gen) * 2 - 1 if trans_b else torch.rand(k, n, generator=gen) * 2 - 1
        c = torch.empty(m, n)
        opa = a.t() if trans_a else a
        opb = b.t() if trans_b else b
        return (lambda: torch.mm(opa, opb, out=c)), 2.0 * m * n * k
    return "GFLOP/s", 1e9, set_up


def unary(name):
    """An elementwise op over 2^20 float32 values, allocating its output (no out=), like deepj's Tensor API."""
    def set_up(torch, gen):
        x = torch.rand(1 << 20, generator=gen)
        f = getattr(torch, name)
        return (lambda: f(x)), float(1 << 20)
    return "Melem/s", 1e6, set_up


def unary_out(name):
    """The same op writing into a preallocated output (out=), like deepj's Tensor.mapInto."""
    def set_up(torch, gen):
        x = torch.rand(1 << 20, generator=gen)
        y = torch.empty(1 << 20)
        f = getattr(torch, name)
        return (lambda: f(x, out=y)), float(1 << 20)
    return "Melem/s", 1e6, set_up


def mlp(set_to_none=True):
    """One training step of a 784-512-256-10 network with in-place ReLU on a fixed batch of 128 (as Workloads.mlp):
    zero grads (set to None, PyTorch's default; or zero-filled in place, the mlp-zero-fill workload), forward,
    cross-entropy on class labels, backward, Adam (lr 1e-3)."""
    def set_up(torch, gen):
        batch = 128
        model = torch.nn.Sequential(torch.nn.Linear(784, 512), torch.nn.ReLU(inplace=True), torch.nn.Linear(512, 256),
                                    torch.nn.ReLU(inplace=True), torch.nn.Linear(256, 10))
        x = torch.rand(batch, 784, generator=gen) * 2 - 1
        y = torch.arange(batch) % 10
        loss_fn = torch.nn.CrossEntropyLoss()
        # deepj's Adam is one fused pass per parameter; PyTorch's fastest CPU equivalent is fused=True
        # (about 1.6x its default foreach Adam on this step at 2 threads), so that is what we compare with.
        try:
            opt = torch.optim.Adam(model.parameters(), lr=1e-3, fused=True)
        except (RuntimeError, TypeError):  # older PyTorch: no fused Adam on CPU
            opt = torch.optim.Adam(model.parameters(), lr=1e-3)

        def step():
            opt.zero_grad(set_to_none=set_to_none)
            loss = loss_fn(model(x), y)
            loss.backward()
            opt.step()
        return step, float(batch)
    return "examples/s", 1.0, set_up


def char_lstm():
    """One training step of a character-level LSTM language model (as Workloads.charLstm): vocabulary 64, one-hot
    inputs [32, 64, 64] (batch-first), LSTM hidden 256, a Linear(256, 64) head on every step, cross-entropy
    over all 32·64 next-character targets (mean), backward, Adam (lr 1e-3). Work = tokens (batch x sequence)."""
    def set_up(torch, gen):
        vocab, hidden, seq, batch = 64, 256, 64, 32
        ids = torch.randint(0, vocab, (batch, seq + 1), generator=gen)
        x = torch.nn.functional.one_hot(ids[:, :-1], vocab).float()
        y = ids[:, 1:].reshape(-1)
        lstm = torch.nn.LSTM(vocab, hidden, batch_first=True)
        head = torch.nn.Linear(hidden, vocab)
        params = list(lstm.parameters()) + list(head.parameters())
        loss_fn = torch.nn.CrossEntropyLoss()
        try:
            opt = torch.optim.Adam(params, lr=1e-3, fused=True)
        except (RuntimeError, TypeError):  # older PyTorch: no fused Adam on CPU
            opt = torch.optim.Adam(params, lr=1e-3)

        def step():
            opt.zero_grad()
            out, _ = lstm(x)
            loss = loss_fn(head(out).reshape(-1, vocab), y)
            loss.backward()
            opt.step()
        return step, float(batch * seq)
    return "tokens/s", 1.0, set_up


def _adam(torch, model):
    """Fused Adam where this PyTorch has it on CPU (as mlp), else the default."""
    try:
        return torch.optim.Adam(model.parameters(), lr=1e-3, fused=True)
    except (RuntimeError, TypeError):
        return torch.optim.Adam(model.parameters(), lr=1e-3)


def _training_step(torch, model, x, batch):
    """Zero grads, forward, cross-entropy on labels i % 10, backward, Adam (lr 1e-3), as mlp."""
    y = torch.arange(batch) % 10
    loss_fn = torch.nn.CrossEntropyLoss()
    opt = _adam(torch, model)

    def step():
        opt.zero_grad()
        loss = loss_fn(model(x), y)
        loss.backward()
        opt.step()
    return step, float(batch)


def lenet():
    """One training step of LeNet-5 on a fixed batch of 128 images 1x28x28 (as Workloads.lenet): conv5x5(6)-ReLU-
    maxpool2-conv5x5(16)-ReLU-maxpool2-flatten(256)-fc120-ReLU-fc84-ReLU-fc10, cross-entropy, Adam (lr 1e-3)."""
    def set_up(torch, gen):
        nn = torch.nn
        batch = 128
        model = nn.Sequential(nn.Conv2d(1, 6, 5), nn.ReLU(inplace=True), nn.MaxPool2d(2),
                              nn.Conv2d(6, 16, 5), nn.ReLU(inplace=True), nn.MaxPool2d(2),
                              nn.Flatten(), nn.Linear(256, 120), nn.ReLU(inplace=True), nn.Linear(120, 84),
                              nn.ReLU(inplace=True), nn.Linear(84, 10))
        x = torch.rand(batch, 1, 28, 28, generator=gen) * 2 - 1
        return _training_step(torch, model, x, batch)
    return "examples/s", 1.0, set_up


def resnet_small():
    """One training step of a small ResNet on a fixed batch of 128 images 3x32x32 (as Workloads.resnetSmall):
    conv3x3(32, no bias)+BN+ReLU, two residual blocks relu(x + BN(conv(relu(BN(conv(x)))))), global average pool,
    fc10; cross-entropy, Adam (lr 1e-3)."""
    def set_up(torch, gen):
        nn = torch.nn

        def conv3x3(c_in):
            return nn.Conv2d(c_in, 32, 3, padding=1, bias=False)

        class Block(nn.Module):
            def __init__(self):
                super().__init__()
                self.conv1, self.bn1 = conv3x3(32), nn.BatchNorm2d(32)
                self.conv2, self.bn2 = conv3x3(32), nn.BatchNorm2d(32)
                self.relu = nn.ReLU(inplace=True)

            def forward(self, x):
                h = self.relu(self.bn1(self.conv1(x)))
                return self.relu(self.bn2(self.conv2(h)) + x)

        batch = 128
        model = nn.Sequential(conv3x3(3), nn.BatchNorm2d(32), nn.ReLU(inplace=True), Block(), Block(),
                              nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(32, 10))
        x = torch.rand(batch, 3, 32, 32, generator=gen) * 2 - 1
        return _training_step(torch, model, x, batch)
    return "examples/s", 1.0, set_up


WORKLOADS = {
    "sgemm-512x512x512": sgemm(512, 512, 512),
    "sgemm-1024x1024x1024": sgemm(1024, 1024, 1024),
    "sgemm-2048x2048x2048": sgemm(2048, 2048, 2048),
    "sgemm-128x784x512": sgemm(128, 784, 512),
    "sgemm-784x128x512-tn": sgemm(784, 128, 512, trans_a=True),
    "sgemm-128x512x784-nt": sgemm(128, 512, 784, trans_b=True),
    "sgemm-32x320x1024": sgemm(32, 320, 1024),
    "exp": unary("exp"),
    "tanh": unary("tanh"),
    "sigmoid": unary("sigmoid"),
    "exp-out": unary_out("exp"),
    "tanh-out": unary_out("tanh"),
    "sigmoid-out": unary_out("sigmoid"),
    "mlp": mlp(),
    "mlp-zero-fill": mlp(set_to_none=False),
    "char-lstm": char_lstm(),
}
# Convolutional training steps (Course 4), kept apart to keep merges simple.
WORKLOADS.update({
    "lenet": lenet(),
    "resnet-small": resnet_small(),
})


def measure(op, work, scale, warmup_s, measure_s):
    start = time.perf_counter()
    calls = 0
    while calls < 2 or time.perf_counter() - start < warmup_s:
        op()
        calls += 1
    per_call = (time.perf_counter() - start) / calls
    calls_per_sample = max(1, int(-(-MIN_SAMPLE_S // per_call)))
    rates = []
    t_start = time.perf_counter()
    while len(rates) < MIN_SAMPLES or time.perf_counter() - t_start < measure_s:
        t0 = time.perf_counter()
        for _ in range(calls_per_sample):
            op()
        rates.append(work * calls_per_sample / (time.perf_counter() - t0) / scale)
    rates.sort()
    return rates[-1], rates[len(rates) // 2], len(rates), calls_per_sample


def cpu_capability(torch):
    """The vector ISA PyTorch dispatches to (torch.backends.cpu exists from PyTorch 2.0 on)."""
    cpu = getattr(torch.backends, "cpu", None)
    return cpu.get_cpu_capability() if cpu is not None else "unknown (PyTorch < 2.0)"


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("benches", nargs="*")
    p.add_argument("--threads", default="1,2")
    p.add_argument("--warmup-ms", type=int, default=500)
    p.add_argument("--measure-ms", type=int, default=1500)
    p.add_argument("--list", action="store_true")
    args = p.parse_args()
    if args.list:
        for name, (unit, _, _) in WORKLOADS.items():
            print(f"{name}\t{unit}")
        return
    unknown = [b for b in args.benches if b not in WORKLOADS]
    if unknown:
        sys.exit(f"unknown bench {unknown}; known: {list(WORKLOADS)}")
    try:
        import torch
    except ImportError as e:
        print(f"NOTE torch skipped: cannot import torch with {sys.executable} ({e}); "
              "set DEEPJ_PYTHON=/path/to/python with PyTorch installed")
        return
    print(f"INFO torch {torch.__version__} (python {sys.version.split()[0]}), "
          f"BLAS: {'MKL' if torch.backends.mkl.is_available() else 'other'}, "
          f"CPU capability {cpu_capability(torch)}")
    threads = [int(t) for t in args.threads.split(",")]
    for name in args.benches or list(WORKLOADS):
        unit, scale, set_up = WORKLOADS[name]
        for t in threads:
            torch.set_num_threads(t)
            gen = torch.Generator().manual_seed(0)
            op, work = set_up(torch, gen)
            best, median, n, cps = measure(op, work, scale, args.warmup_ms / 1e3, args.measure_ms / 1e3)
            print(f"  {'torch':15s} {name:22s} threads={t}  best {best:.4g}  median {median:.4g} {unit}  "
                  f"({n} samples x {cps} calls)", file=sys.stderr)
            print(f"RESULT impl=torch bench={name} threads={t} value={best:.4g} unit={unit}", flush=True)


if __name__ == "__main__":
    main()
