#!/usr/bin/python3
"""The peers of descent's training benchmark, on the data file TrainingBenchmark writes (see bench/README.md).

    /usr/bin/python3 bench/peers.py FILE ROWS FEATURES EPOCHS BATCH LEARNING_RATE SEED

FILE holds ROWS rows of FEATURES float32 features then a float32 target 0/1, little-endian, row after row (the
engine's layout). The features are standardized once, untimed, as descent standardizes its copy. Then:

- numpy: the seed-000 mini-batch loop in float32, a fresh permutation and an X[idx] gather every epoch, then per
  batch z = Xb·w + b, the log-loss, r = σ(z) − y, w ← w − η·Xbᵀr/m, b ← b − η·mean(r);
- numpy-take: the same loop gathering with np.take into a buffer made once (no fresh 400 MB each epoch);
- scikit-learn SGDClassifier (log-loss, constant η, no penalty, per-row SGD with shuffle), EPOCHS epochs;
- scikit-learn LogisticRegression(solver='lbfgs'), run to its own convergence.

Each prints a human line, then one machine line: RESULT name seconds_per_epoch final_log_loss seconds_total epochs.
The final log-loss is the mean cross-entropy of the final model over all rows (one full pass, as descent's).
A missing numpy or scikit-learn prints SKIP with the command that installs it.
"""
import sys
import time

INSTALL = "apt-get install -y python3-sklearn  (Debian: installs numpy and scikit-learn for /usr/bin/python3)"


def main():
    path, rows, features, epochs, batch, learning_rate, seed = sys.argv[1:8]
    rows, features, epochs, batch, seed = int(rows), int(features), int(epochs), int(batch), int(seed)
    learning_rate = float(learning_rate)
    try:
        import numpy as np
    except ImportError:
        print("SKIP numpy: not installed for " + sys.executable + "; " + INSTALL)
        return
    describe_blas(np)

    t0 = time.perf_counter()
    raw = np.fromfile(path, dtype="<f4").reshape(rows, features + 1)
    X = np.ascontiguousarray(raw[:, :features])
    y = np.ascontiguousarray(raw[:, features])
    del raw
    mean = X.mean(axis=0, dtype=np.float64)
    std = X.std(axis=0, dtype=np.float64)
    std[std == 0] = 1
    X -= mean.astype(np.float32)
    X /= std.astype(np.float32)
    print("data: read and standardized in %.1f s (untimed)" % (time.perf_counter() - t0), flush=True)

    numpy_loop(np, X, y, epochs, batch, learning_rate, seed, preallocated=False)
    numpy_loop(np, X, y, epochs, batch, learning_rate, seed, preallocated=True)

    try:
        import sklearn
        from sklearn.linear_model import LogisticRegression, SGDClassifier
    except ImportError:
        print("SKIP scikit-learn: not installed for " + sys.executable + "; " + INSTALL)
        return
    X64 = X.astype(np.float64)  # both fit in float64; converting here keeps the copy out of the timings
    del X
    print("scikit-learn %s" % sklearn.__version__, flush=True)

    sgd = SGDClassifier(loss="log_loss", learning_rate="constant", eta0=learning_rate, alpha=0, penalty=None,
                        max_iter=epochs, tol=None, shuffle=True, random_state=seed)
    t0 = time.perf_counter()
    sgd.fit(X64, y)
    seconds = time.perf_counter() - t0
    loss = log_loss(np, X64 @ sgd.coef_[0] + sgd.intercept_[0], y)
    report("sklearn-sgd", seconds / sgd.n_iter_, loss, seconds, sgd.n_iter_,
           "SGDClassifier(log_loss, constant eta0=%g, alpha=0, penalty=None, shuffle=True)" % learning_rate)

    lbfgs = LogisticRegression(solver="lbfgs")
    t0 = time.perf_counter()
    lbfgs.fit(X64, y)
    seconds = time.perf_counter() - t0
    iterations = int(lbfgs.n_iter_[0])
    loss = log_loss(np, X64 @ lbfgs.coef_[0] + lbfgs.intercept_[0], y)
    report("sklearn-lbfgs", seconds / iterations, loss, seconds, iterations,
           "LogisticRegression(solver='lbfgs'), to convergence; 's/epoch' is per iteration (each a full pass or more)")


def numpy_loop(np, X, y, epochs, batch, learning_rate, seed, preallocated):
    """X[idx] allocates 400 MB of fresh pages every epoch (slow first touch on these VMs); preallocated gathers
    with np.take into one buffer made once, which leaves the gather itself."""
    rows, features = X.shape
    Xs = np.empty_like(X) if preallocated else None
    ys = np.empty_like(y) if preallocated else None
    w = np.zeros(features, dtype=np.float32)
    b = np.float32(0)
    eta = np.float32(learning_rate)
    rng = np.random.default_rng(seed)
    epoch_seconds = []
    for _ in range(epochs):
        t0 = time.perf_counter()
        idx = rng.permutation(rows)
        if preallocated:
            np.take(X, idx, axis=0, out=Xs)
            np.take(y, idx, out=ys)
        else:
            Xs = X[idx]
            ys = y[idx]
        for start in range(0, rows, batch):
            Xb = Xs[start:start + batch]
            yb = ys[start:start + batch]
            z = Xb @ w + b
            # the epoch's loss, as descent reports it: log(1 + e^z) − y·z, stably
            np.mean(np.logaddexp(0, z) - yb * z)
            r = 1 / (1 + np.exp(-z)) - yb
            w -= eta * (Xb.T @ r) / np.float32(len(yb))
            b -= eta * r.mean()
        epoch_seconds.append(time.perf_counter() - t0)
    per_epoch = float(np.median(epoch_seconds[1:] if len(epoch_seconds) > 1 else epoch_seconds))
    report("numpy-take" if preallocated else "numpy", per_epoch, log_loss(np, X @ w + b, y), sum(epoch_seconds), epochs,
           "mini-batch loop, float32, batch %d, permutation + %s every epoch; median epoch after the first"
           % (batch, "np.take into a buffer made once" if preallocated else "X[idx] gather"))


def log_loss(np, z, y):
    z = z.astype(np.float64)
    return float(np.mean(np.logaddexp(0, z) - y * z))


def report(name, per_epoch, loss, seconds, epochs, what):
    print("%s: %.3f s/epoch, final log-loss %.5f, %.2f s for %d epochs — %s" % (name, per_epoch, loss, seconds, epochs, what))
    print("RESULT %s %.6f %.6f %.6f %d" % (name, per_epoch, loss, seconds, epochs), flush=True)


def describe_blas(np):
    try:
        from threadpoolctl import threadpool_info
        for pool in threadpool_info():
            if pool.get("user_api") == "blas":
                print("numpy %s, BLAS: %s %s, core %s, %s thread(s)" % (np.__version__, pool.get("internal_api"),
                      pool.get("version"), pool.get("architecture"), pool.get("num_threads")), flush=True)
                return
    except ImportError:
        pass
    print("numpy %s (BLAS unknown: threadpoolctl missing)" % np.__version__, flush=True)


if __name__ == "__main__":
    main()
