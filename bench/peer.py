#!/usr/bin/python3
"""The PyTorch peer of `CaptioningKit.Bench compare`: the same stages in the same shapes, one JSON line per stage.

Run with Debian's PyTorch (see bench/README.md for the packages); it installs nothing:
    /usr/bin/python3 bench/peer.py [--stages train,greedy,beam,encoder,images,sgemm] [--jpegs DIR]
        [--batch 64 --pixels 64 --features 2048 --attention 512 --embed 256 --hidden 512 --vocab 5000 --steps 20]

The decoder is Show, Attend and Tell with the kit's sizes and switches (LSTM cell, gated context, dropout 0.5,
doubly stochastic penalty 1.0, Adam, gradient-norm clip 5), in two variants:
  hoisted    W_f f (the feature projection) once per batch, before the time loop, as the kit does;
  published  the structure of the widely used PyTorch tutorial (sgrvinod, a-PyTorch-Tutorial-to-Image-Captioning):
             captions sorted by length, the batch shrunk to the rows still decoding at each step, the attention
             projecting every pixel's features again at every step, loss on pack_padded_sequence, gradient values
             clipped. The kit's configuration has all captions of one length, so the shrinking never drops a row.
"""
import argparse
import json
import os
import statistics
import sys
import time

import torch
import torch.nn as nn
import torch.nn.functional as F


def parse():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    for name, default in [("batch", 64), ("pixels", 64), ("features", 2048), ("attention", 512), ("embed", 256),
                          ("hidden", 512), ("vocab", 5000), ("steps", 20), ("repeats", 5), ("threads", 2)]:
        p.add_argument("--" + name, type=int, default=default)
    p.add_argument("--config", default="custom")
    p.add_argument("--stages", default="train,greedy,beam")
    p.add_argument("--variants", default="hoisted,published")
    p.add_argument("--jpegs")
    return p.parse_args()


class Attention(nn.Module):
    """e_i = v^T tanh(W_f f_i + W_h h); alpha = softmax(e); z = sigmoid(f_beta(h)) * sum_i alpha_i f_i."""

    def __init__(self, features, hidden, attention):
        super().__init__()
        self.feature_projection = nn.Linear(features, attention)
        self.hidden_projection = nn.Linear(hidden, attention)
        self.score = nn.Linear(attention, 1)
        self.gate = nn.Linear(hidden, features)

    def forward(self, features, projected, hidden):
        if projected is None:  # the published variant: every pixel projected again at every step
            projected = self.feature_projection(features)  # (rows, pixels, attention)
        energy = torch.tanh(projected + self.hidden_projection(hidden).unsqueeze(1))  # (rows, pixels, attention)
        weights = self.score(energy).squeeze(2).softmax(1)  # (rows, pixels)
        context = torch.bmm(weights.unsqueeze(1), features).squeeze(1)  # (rows, features)
        return torch.sigmoid(self.gate(hidden)) * context, weights


class Decoder(nn.Module):
    def __init__(self, a, hoisted):
        super().__init__()
        self.hoisted = hoisted
        self.embedding = nn.Embedding(a.vocab, a.embed)
        self.attention = Attention(a.features, a.hidden, a.attention)
        self.init_h = nn.Linear(a.features, a.hidden)
        self.init_c = nn.Linear(a.features, a.hidden)
        self.cell = nn.LSTMCell(a.embed + a.features, a.hidden)
        self.dropout = nn.Dropout(0.5)
        self.output = nn.Linear(a.hidden, a.vocab)

    def encode(self, features):
        projected = self.attention.feature_projection(features) if self.hoisted else None  # (batch, pixels, attention)
        mean = features.mean(1)  # (batch, features)
        return projected, (self.init_h(mean), self.init_c(mean))  # (batch, hidden) each

    def step(self, tokens, features, projected, state):
        context, weights = self.attention(features, projected, state[0])  # (rows, features), (rows, pixels)
        h, c = self.cell(torch.cat([self.embedding(tokens), context], 1), state)  # (rows, hidden) each
        return self.output(self.dropout(h)), weights, (h, c)  # (rows, vocab)

    def forward(self, features, inputs):
        """Teacher forcing over (batch, steps) inputs: logits (batch, steps, vocab), weights (batch, steps, pixels)."""
        projected, state = self.encode(features)
        logits, weights = [], []
        for t in range(inputs.shape[1]):
            out, w, state = self.step(inputs[:, t], features, projected, state)
            logits.append(out)
            weights.append(w)
        return torch.stack(logits, 1), torch.stack(weights, 1)

    def forward_published(self, features, captions, lengths):
        """The tutorial's loop: sorted by length, rows still decoding at step t = those longer than t."""
        lengths, order = lengths.sort(descending=True)
        features, captions = features[order], captions[order]
        _, state = self.encode(features)
        decode_lengths = (lengths - 1).tolist()
        steps = max(decode_lengths)
        logits = torch.zeros(features.shape[0], steps, self.output.out_features)
        weights = torch.zeros(features.shape[0], steps, features.shape[1])
        for t in range(steps):
            rows = sum(l > t for l in decode_lengths)
            out, w, (h, c) = self.step(captions[:rows, t], features[:rows], None, (state[0][:rows], state[1][:rows]))
            state = (h, c)
            logits[:rows, t] = out
            weights[:rows, t] = w
        return logits, weights, captions[:, 1:], decode_lengths


def inputs(a):
    g = torch.Generator().manual_seed(1)
    features = torch.rand(a.batch, a.pixels, a.features, generator=g)  # (batch, pixels, features)
    captions = torch.randint(4, a.vocab, (a.batch, a.steps + 1), generator=g)  # (batch, steps+1), no padding
    captions[:, 0] = 1  # <start>
    return features, captions


def timed(run, repeats):
    """Two untimed warm-up runs, then the median of `repeats` timed runs, in seconds (as the kit's bench)."""
    run()
    run()
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    global BEST
    BEST = min(times)
    return statistics.median(times)


BEST = 0.0  # the fastest timed run of the last timed(): on a shared machine the least disturbed one


def emit(stage, config, variant, value, unit, seconds, **extra):
    line = {"side": "peer", "variant": variant, "stage": stage, "config": config, "value": round(value, 3), "unit": unit,
            "seconds": round(seconds, 5), "threads": torch.get_num_threads()}
    if unit.endswith("/s") and BEST > 0:
        line["best"] = round(value * seconds / BEST, 3)  # the same rate from the fastest run
    line.update(extra)
    print(json.dumps(line), flush=True)


def train(a, variant):
    decoder = Decoder(a, hoisted=variant == "hoisted").train()
    optimizer = torch.optim.Adam(decoder.parameters(), lr=4e-4)
    features, captions = inputs(a)
    lengths = torch.full((a.batch,), a.steps + 1)

    def step():
        if variant == "hoisted":
            logits, weights = decoder(features, captions[:, :-1])
            loss = F.cross_entropy(logits.reshape(-1, a.vocab), captions[:, 1:].reshape(-1), ignore_index=0)
            loss = loss + ((1.0 - weights.sum(1)) ** 2).mean()  # doubly stochastic penalty, lambda 1
        else:
            logits, weights, targets, decode_lengths = decoder.forward_published(features, captions, lengths)
            packed_logits = nn.utils.rnn.pack_padded_sequence(logits, decode_lengths, batch_first=True).data
            packed_targets = nn.utils.rnn.pack_padded_sequence(targets, decode_lengths, batch_first=True).data
            loss = F.cross_entropy(packed_logits, packed_targets) + ((1.0 - weights.sum(1)) ** 2).mean()
        optimizer.zero_grad()
        loss.backward()
        if variant == "hoisted":
            nn.utils.clip_grad_norm_(decoder.parameters(), 5.0)
        else:
            for group in optimizer.param_groups:  # the tutorial clips gradient values
                for p in group["params"]:
                    if p.grad is not None:
                        p.grad.data.clamp_(-5.0, 5.0)
        optimizer.step()
        loss.item()

    seconds = timed(step, a.repeats)
    emit("train", a.config, variant, a.batch / seconds, "captions/s", seconds)


def decode(a, variant, beam):
    decoder = Decoder(a, hoisted=variant == "hoisted").eval()
    features, _ = inputs(a)
    pad, start, end = 0, 1, 2

    def greedy():
        with torch.no_grad():
            projected, state = decoder.encode(features)
            tokens = torch.full((a.batch,), start, dtype=torch.long)
            finished = torch.zeros(a.batch, dtype=torch.bool)
            scores = torch.zeros(a.batch, dtype=torch.float64)
            chosen, looked = [], []
            for _ in range(a.steps):
                logits, weights, state = decoder.step(tokens, features, projected, state)
                logits[:, [pad, start]] = float("-inf")
                best, nxt = logits.log_softmax(1).double().max(1)
                nxt = nxt.masked_fill(finished, pad)
                looked.append(weights * (~finished).unsqueeze(1).float())
                scores = scores + best.masked_fill(finished, 0.0)
                finished = finished | (nxt == end)
                chosen.append(nxt)
                tokens = nxt
                if bool(finished.all()):
                    break
            return torch.stack(chosen, 1), torch.stack(looked, 1), scores

    def beam_search():
        """Batched as the kit's: the beams of image b are rows b*beam .. b*beam+beam-1 of one batch."""
        with torch.no_grad():
            rows_n = a.batch * beam
            repeat = torch.arange(a.batch).repeat_interleave(beam)
            feats = features.index_select(0, repeat)  # (batch*beam, pixels, features)
            projected, state = decoder.encode(features)
            projected = projected.index_select(0, repeat) if projected is not None else None
            state = (state[0].index_select(0, repeat), state[1].index_select(0, repeat))
            row_base = (torch.arange(a.batch) * beam).unsqueeze(1)
            tokens = torch.full((rows_n,), start, dtype=torch.long)
            scores = torch.full((rows_n,), float("-inf"), dtype=torch.float64).masked_fill(torch.arange(rows_n) % beam == 0, 0.0)
            finished = torch.zeros(rows_n, dtype=torch.bool)
            lengths = torch.zeros(rows_n, dtype=torch.long)
            history = torch.zeros(rows_n, 0, dtype=torch.long)
            looked = torch.zeros(rows_n, 0, a.pixels)
            pad_only = torch.full((a.vocab,), float("-inf"), dtype=torch.float64)
            pad_only[pad] = 0.0
            for _ in range(a.steps):
                logits, weights, state = decoder.step(tokens, feats, projected, state)
                logits[:, [pad, start]] = float("-inf")
                log_probs = torch.where(finished.unsqueeze(1), pad_only.unsqueeze(0), logits.log_softmax(1).double())
                top, index = (scores.unsqueeze(1) + log_probs).view(a.batch, beam * a.vocab).topk(beam, 1)
                origin = torch.div(index, a.vocab, rounding_mode="floor")
                word = torch.remainder(index, a.vocab).view(rows_n)
                source = (row_base + origin).view(rows_n)
                was_finished = finished.index_select(0, source)
                alive = ~was_finished
                w = weights.index_select(0, source) * alive.unsqueeze(1).float()
                history = torch.cat([history.index_select(0, source), word.unsqueeze(1)], 1)
                looked = torch.cat([looked.index_select(0, source), w.unsqueeze(1)], 1)
                lengths = lengths.index_select(0, source) + alive.long()
                finished = was_finished | (word == end)
                state = (state[0].index_select(0, source), state[1].index_select(0, source))
                tokens = word
                scores = top.view(rows_n)
                if bool(finished.all()):
                    break
            best = (scores / lengths.clamp_min(1).double().pow(0.0)).view(a.batch, beam).argmax(1)
            rows = row_base.squeeze(1) + best
            return history.index_select(0, rows), looked.index_select(0, rows), scores.index_select(0, rows)

    seconds = timed(greedy if beam == 0 else beam_search, a.repeats)
    emit("greedy" if beam == 0 else "beam%d" % beam, a.config, variant, a.batch / seconds, "captions/s", seconds)


def encoder(a):
    import torchvision
    net = torchvision.models.resnet18()  # random weights: they do not change the speed
    body = nn.Sequential(*list(net.children())[:-2]).eval()  # up to layer4, as the kit's encoder: (32, 512, 7, 7)
    x = torch.rand(32, 3, 224, 224)

    def run():
        with torch.no_grad():
            body(x).flatten(2).transpose(1, 2)  # (32, 49, 512)

    seconds = timed(run, a.repeats)
    emit("encoder", "resnet18-224-b32", "torchvision", 32 / seconds, "images/s", seconds)


class JpegFolder(torch.utils.data.Dataset):
    def __init__(self, folder):
        from torchvision import transforms
        self.paths = sorted(os.path.join(folder, f) for f in os.listdir(folder) if f.endswith(".jpg"))
        self.transform = transforms.Compose([
            transforms.Resize(256), transforms.CenterCrop(224), transforms.ToTensor(),
            transforms.Normalize([0.485, 0.456, 0.406], [0.229, 0.224, 0.225])])

    def __len__(self):
        return len(self.paths)

    def __getitem__(self, i):
        from PIL import Image
        with Image.open(self.paths[i]) as image:
            return self.transform(image.convert("RGB"))  # (3, 224, 224)


def images(a):
    if not a.jpegs:
        sys.exit("peer.py: the images stage needs --jpegs DIR (CaptioningKit.Bench make-jpegs DIR writes them).")
    data = JpegFolder(a.jpegs)
    repeats = max(1, a.repeats // 2)

    def one_worker():  # in this process, batches of 32 stacked as the kit's loader does
        for s in range(0, len(data), 32):
            torch.stack([data[i] for i in range(s, min(s + 32, len(data)))])

    # One worker is one thread, as in a DataLoader worker (which torch sets to 1 thread): ToTensor and Normalize at
    # 2 OpenMP threads on a busy 2-core machine spin-wait and run several times slower.
    torch.set_num_threads(1)
    seconds = timed(one_worker, repeats)
    torch.set_num_threads(a.threads)
    emit("images", "1worker", "pil-torchvision", len(data) / seconds, "images/s", seconds, images=len(data), workers=1)
    loader = torch.utils.data.DataLoader(data, batch_size=32, num_workers=2, persistent_workers=True)

    def two_workers():
        for _ in loader:
            pass

    seconds = timed(two_workers, repeats)
    emit("images", "2worker", "pil-torchvision", len(data) / seconds, "images/s", seconds, images=len(data), workers=2)


def blas_core():
    """Which BLAS library this process loaded and, for OpenBLAS, which kernel it picked."""
    import ctypes
    libs = sorted({line.split()[-1] for line in open("/proc/self/maps") if "blas" in line and line.split()[-1].startswith("/")})
    for lib in libs:
        if "openblas" in lib and "libopenblas" in os.path.basename(lib):
            try:
                handle = ctypes.CDLL(lib)
                handle.openblas_get_corename.restype = ctypes.c_char_p
                return "openblas " + handle.openblas_get_corename().decode()
            except (OSError, AttributeError):
                return "openblas"
    return "reference BLAS (install libopenblas0-pthread)" if libs else "no BLAS library loaded"


def sgemm(a):
    n = 2048
    x, y, out = torch.rand(n, n), torch.rand(n, n), torch.empty(n, n)
    torch.mm(x, y, out=out)
    error = (out.double() - x.double() @ y.double()).abs().max().item()
    if error > 0.05:  # float32 sums of 2048 products in [0, 1): a right kernel is off by about 1e-3
        sys.exit("peer.py: sgemm differs from float64 by %g: this BLAS kernel computes wrong results; keep OPENBLAS_CORETYPE set." % error)
    seconds = timed(lambda: torch.mm(x, y, out=out), max(5, a.repeats * 2))
    emit("sgemm", "2048", "pytorch", 2.0 * n ** 3 / seconds / 1e9, "GFLOP/s", seconds, blas=blas_core(), max_error=error)


def main():
    a = parse()
    torch.set_num_threads(a.threads)
    torch.manual_seed(1)
    variants = [v for v in a.variants.split(",") if v]
    for stage in [s for s in a.stages.split(",") if s]:
        if stage == "train":
            for v in variants:
                train(a, v)
        elif stage in ("greedy", "beam"):
            for v in variants:
                decode(a, v, 0 if stage == "greedy" else 3)
        elif stage == "encoder":
            encoder(a)
        elif stage == "images":
            images(a)
        elif stage == "sgemm":
            sgemm(a)
        elif stage == "memory":
            pass  # the memory check is the kit's alone
        else:
            sys.exit("peer.py: unknown stage '%s'. Fix: one of train, greedy, beam, encoder, images, sgemm." % stage)


if __name__ == "__main__":
    main()
