"""Mult-VAE training step in PyTorch eager mode: the usual port of the reference (Liang et al.
2018), written to match ../shared/peers/vae_numpy.py's model and loop (dense batch, L2-normalised
input with inverted dropout 0.5, I->600->2x200, z->600->I, tanh, multinomial log-likelihood,
KL * min(0.2, step/200000), Adam 1e-3, batch 500) with autograd for the backward pass.

Run it like the other peers (it uses their common.py):
    PYTHONPATH=../shared/peers PEER_DATA=bench-data PEER_RESULTS=bench-results \
        python3 scripts/peers/vae_torch.py --batches 30 --warmup 3 --threads 2
Needs torch (a CPU-only wheel is enough); `vaelab bench --peers` installs one on demand when it
can find a local +cpu wheel."""
import os, sys
args_threads = next((sys.argv[i + 1] for i, a in enumerate(sys.argv) if a == '--threads'), '2')
os.environ['OMP_NUM_THREADS'] = args_threads
os.environ['OPENBLAS_NUM_THREADS'] = args_threads
import numpy as np, torch
import torch.nn.functional as F
torch.set_num_threads(int(args_threads))
torch.set_num_interop_threads(1)
from common import *

args = parse()
if args.sparse_input:
    raise SystemExit('vae_torch.py: --sparse-input is not implemented (the usual eager port is dense)')
X = load(); U, I = X.shape
torch.manual_seed(98765)
f32 = torch.float32

def xavier(i, o):
    return (torch.randn(i, o, dtype=f32) * np.sqrt(2.0 / (i + o))).requires_grad_()

def zeros(n):
    return torch.zeros(n, dtype=f32, requires_grad=True)

P = dict(W1=xavier(I, H), b1=zeros(H), W2=xavier(H, 2 * Z), b2=zeros(2 * Z),
         W3=xavier(Z, H), b3=zeros(H), W4=xavier(H, I), b4=zeros(I))
opt = torch.optim.Adam(P.values(), lr=1e-3)

def step(rows, b):
    beta = anneal(b)
    x = torch.from_numpy(X[rows].toarray())                 # dense batch, as in the reference code
    h = F.dropout(F.normalize(x, dim=1), p=0.5, training=True)
    h1 = torch.tanh(h @ P['W1'] + P['b1'])
    a2 = h1 @ P['W2'] + P['b2']
    mu, logvar = a2[:, :Z], a2[:, Z:]
    std = torch.exp(0.5 * logvar)
    z = mu + torch.randn_like(std) * std
    h3 = torch.tanh(z @ P['W3'] + P['b3'])
    logits = h3 @ P['W4'] + P['b4']
    nll = -(F.log_softmax(logits, dim=1) * x).sum(1).mean()
    kl = (0.5 * (-logvar + torch.exp(logvar) + mu * mu - 1)).sum(1).mean()
    loss = nll + beta * kl
    opt.zero_grad(set_to_none=True)
    loss.backward()
    opt.step()
    return loss.item()

if __name__ != '__main__': raise SystemExit
info = dict(torch=torch.__version__, intra=str(torch.get_num_threads()))
run('pytorch', args, X, step, info)
