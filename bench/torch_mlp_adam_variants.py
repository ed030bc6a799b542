"""PyTorch's mlp training step (as bench/torch_bench.py's `mlp`) with its three CPU Adam variants.

Shows why compare.sh measures torch with fused=True: the default (foreach) Adam is much slower on
this small network. Usage: DEEPJ_PYTHON=/opt/torchenv/bin/python; $DEEPJ_PYTHON bench/torch_mlp_adam_variants.py
Method: 200 warm-up steps, then the best of 10 timings of 50 steps.
"""
import time

import torch

for threads in (1, 2):
    torch.set_num_threads(threads)
    for variant, kw in (("default (foreach)", {}), ("fused", {"fused": True}), ("for-loop", {"foreach": False})):
        torch.manual_seed(0)
        model = torch.nn.Sequential(torch.nn.Linear(784, 512), torch.nn.ReLU(), torch.nn.Linear(512, 256),
                                    torch.nn.ReLU(), torch.nn.Linear(256, 10))
        x = torch.rand(128, 784) * 2 - 1
        y = torch.arange(128) % 10
        opt = torch.optim.Adam(model.parameters(), lr=1e-3, **kw)
        loss_fn = torch.nn.CrossEntropyLoss()

        def step():
            opt.zero_grad()
            loss_fn(model(x), y).backward()
            opt.step()

        for _ in range(200):
            step()
        best = float("inf")
        for _ in range(10):
            t = time.perf_counter()
            for _ in range(50):
                step()
            best = min(best, (time.perf_counter() - t) / 50)
        print(f"threads={threads} adam={variant}: {128 / best:,.0f} examples/s")
