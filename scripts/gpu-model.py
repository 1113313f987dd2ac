#!/usr/bin/env python3
"""A model on paper (not a measurement) of FF trial-steps on an H100/H200-class GPU.

Counts, per trial-step of the supervised FF step as ffsweep runs it (FFLayer: the first layer's
image product taken once for all overlays; forward plus weight gradient, no input gradient), the
matmul FLOP and the bytes of the element-wise passes, and turns them into time with the rates
below. Prints the Markdown tables of docs/benchmarks.md section 10.

    python3 scripts/gpu-model.py
"""
import math

GPUS = {  # dense rates from the vendors' data sheets; efficiencies are assumptions
    "H100 SXM (FP32)": dict(flops=67e12, bw=3.35e12, mem=80e9),
    "H100 SXM (TF32 tensor cores)": dict(flops=495e12, bw=3.35e12, mem=80e9),
    "H200 (TF32 tensor cores)": dict(flops=495e12, bw=4.8e12, mem=141e9),
}
MATMUL_EFF = 0.7      # share of the peak a large batched GEMM reaches
BW_EFF = 0.8          # share of the peak bandwidth an element-wise kernel reaches
OP_SECONDS = 10e-6    # host time per eager op (JNI + dispatcher + launch), whatever its size
CPU_GFLOPS = 72.0     # measured here: the study default's step, docs/benchmarks.md section 9

PIXELS, LABELS = 784, 10


def step(widths, batch, groups=2, passes=12, ops_per_layer=60):
    """FLOP, bytes, live bytes and eager ops of one trial-step."""
    n, rows = batch, groups * batch
    flop, byts, live = 0.0, 0.0, 0.0
    inp = PIXELS
    for i, o in enumerate(widths):
        if i == 0:
            rest = PIXELS - LABELS
            flop += 2 * (2 * n * rest * o) + 2 * (2 * rows * LABELS * o)
        else:
            flop += 2 * (2 * rows * inp * o)
        byts += passes * 8 * rows * o           # read + write of [rows, o] float32 per pass
        live = max(live, 6 * 4 * rows * o)      # arrays alive at a layer's peak
        inp = o
    params = sum((PIXELS if i == 0 else widths[i - 1]) * o + o for i, o in enumerate(widths))
    byts += 10 * 4 * params                     # Adam: about 10 passes over the parameters
    data = 4 * n * PIXELS
    return flop, byts, live + 16 * params + data, ops_per_layer * len(widths)


def gpu_time(shape, gpu, k):
    flop, byts, _, ops = step(*shape)
    device = k * (flop / (gpu["flops"] * MATMUL_EFF) + byts / (gpu["bw"] * BW_EFF))
    return max(device, ops * OP_SECONDS)        # the host issues ops while the device computes


SHAPES = {
    "study default 4x500, batch 10,000": ([500] * 4, 10000),
    "quick start 2x500, batch 1,000": ([500] * 2, 1000),
    "quick threshold x margin 2x200, batch 1,000": ([200] * 2, 1000),
    "4x2000, batch 10,000": ([2000] * 4, 10000),
}

print("| shape | GFLOP per trial-step | element-wise GB per trial-step | memory per trial (GB) |"
      " CPU here s/step at 72 GFLOP/s (matmuls only) |")
print("|---|---|---|---|---|")
for name, s in SHAPES.items():
    f, b, m, _ = step(*s)
    print(f"| {name} | {f/1e9:.1f} | {b/1e9:.2f} | {m/1e9:.2f} | {f/1e9/CPU_GFLOPS:.3f} |")

print()
print("| shape | GPU | one trial: ms/step (bound) | pack that fills it (K) | packed: ms per trial-step | K by memory |")
print("|---|---|---|---|---|---|")
for name, s in SHAPES.items():
    for g, gpu in GPUS.items():
        one = gpu_time(s, gpu, 1)
        f, b, m, ops = step(*s)
        per = f / (gpu["flops"] * MATMUL_EFF) + b / (gpu["bw"] * BW_EFF)
        fill = max(1, math.ceil(ops * OP_SECONDS / per))
        bound = "host (ops)" if ops * OP_SECONDS > per else "device"
        kmem = int(0.9 * gpu["mem"] // m)
        packed = gpu_time(s, gpu, fill) / fill
        print(f"| {name} | {g} | {one*1e3:.2f} ({bound}) | {fill} | {packed*1e3:.3f} | {kmem} |")

# The study's grid: conf/paper-grid.conf, 5,040 trials of 12,000 steps at batch 10,000.
widths = [100, 200, 300, 400, 500, 510, 525, 550, 600, 700]
per_width = 21 * 6 * 2 * 2
steps = 12000
print()
print("| the study's grid (5,040 trials x 12,000 steps) | one trial at a time | packed (K filling the GPU) |")
print("|---|---|---|")
cpu = sum(per_width * steps * step([w] * 4, 10000)[0] / 1e9 / CPU_GFLOPS for w in widths)
print(f"| this 2-core CPU (matmul time only, a lower bound) | {cpu/3600:,.0f} h | - |")
for g, gpu in GPUS.items():
    one = packed = 0.0
    for w in widths:
        s = ([w] * 4, 10000)
        f, b, m, ops = step(*s)
        per = f / (gpu["flops"] * MATMUL_EFF) + b / (gpu["bw"] * BW_EFF)
        fill = max(1, math.ceil(ops * OP_SECONDS / per))
        one += per_width * steps * gpu_time(s, gpu, 1)
        packed += per_width * steps * gpu_time(s, gpu, fill) / fill
    print(f"| {g} | {one/3600:.0f} GPU-h ({5040/(one/3600):.0f} trials/GPU-h) |"
          f" {packed/3600:.0f} GPU-h ({5040/(packed/3600):.0f} trials/GPU-h) |")
