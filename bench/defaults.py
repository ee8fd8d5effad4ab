"""Held-out quality of descent's models against scikit-learn's defaults, on data sets that ship with scikit-learn.

For each data set: an 80/20 split (seeded, stratified for classification), the training rows uploaded as a CSV, one
job per configuration (only the hyperparameters named; the rest descent's defaults), predictions on the held-out
rows through the API; scikit-learn's LogisticRegression() (after StandardScaler) or LinearRegression() on the same
split. Prints a table: held-out log-loss and accuracy (classification) or R² (regression), and wall time per job.
Usage: defaults.py BASE_URL (a running descent service)
"""
import json
import sys
import time
import urllib.request

import numpy as np
from sklearn.datasets import load_breast_cancer, load_diabetes, load_wine
from sklearn.linear_model import LinearRegression, LogisticRegression
from sklearn.metrics import accuracy_score, log_loss, r2_score
from sklearn.model_selection import train_test_split
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

BASE = sys.argv[1].rstrip("/")


def call(method, path, body=None, content_type="application/json"):
    data = None if body is None else (body if isinstance(body, bytes) else json.dumps(body).encode())
    request = urllib.request.Request(BASE + path, data=data, method=method, headers={"Content-Type": content_type})
    with urllib.request.urlopen(request) as response:
        return json.loads(response.read() or b"null")


def upload(name, x, y):
    header = ",".join([f"x{j}" for j in range(x.shape[1])] + ["y"])
    rows = "\n".join(",".join(repr(float(v)) for v in list(r) + [t]) for r, t in zip(x, y))
    return call("POST", f"/api/v1/datasets?name={name}&target=y", (header + "\n" + rows + "\n").encode(), "text/csv")["id"]


def train(dataset_id, model_type, hyperparameters):
    started = time.perf_counter()
    job = call("POST", "/api/v1/training-jobs", {"datasetId": dataset_id, "modelType": model_type,
                                                 "hyperparameters": hyperparameters})
    while job["status"] in ("queued", "running"):
        time.sleep(0.02)
        job = call("GET", f"/api/v1/training-jobs/{job['id']}")
    if job["status"] != "succeeded":
        raise RuntimeError(job)
    return job, time.perf_counter() - started


def predict(model_id, x):
    answer = call("POST", f"/api/v1/models/{model_id}/predictions", {"features": x.tolist()})
    return answer["predictions"]


CONFIGS = [
    ("defaults", {}),
    ("adam", {"optimizer": "adam"}),
    ("adam + validation 0.1 + early stopping", {"optimizer": "adam", "validationFraction": 0.1, "earlyStopping": {}}),
    ("adam, lr 0.001", {"optimizer": "adam", "learningRate": 0.001}),
    ("sgd lr 0.1", {"learningRate": 0.1}),
]


def classification(name, loader):
    x, y = loader(return_X_y=True)
    x_train, x_test, y_train, y_test = train_test_split(x, y, test_size=0.2, random_state=0, stratify=y)
    reference = make_pipeline(StandardScaler(), LogisticRegression()).fit(x_train, y_train)
    p = reference.predict_proba(x_test)[:, 1]
    print(f"\n{name}: {len(y_train)} training rows, {len(y_test)} held out, {x.shape[1]} features")
    print("| configuration | held-out log-loss | vs scikit-learn | accuracy | epochs | job s |")
    print("|---|---:|---:|---:|---:|---:|")
    ref_loss = log_loss(y_test, p)
    print(f"| scikit-learn LogisticRegression() after StandardScaler | {ref_loss:.4f} | 1.00 | "
          f"{accuracy_score(y_test, p >= 0.5):.3f} | | |")
    dataset_id = upload(name, x_train, y_train)
    for label, hyperparameters in CONFIGS:
        job, seconds = train(dataset_id, "logistic-regression", dict(hyperparameters, seed=1))
        probabilities = np.array([q["probability"] for q in predict(job["modelId"], x_test)])
        loss = log_loss(y_test, np.clip(probabilities, 1e-15, 1 - 1e-15))
        print(f"| {label} | {loss:.4f} | {loss / ref_loss:.2f} | {accuracy_score(y_test, probabilities >= 0.5):.3f} | "
              f"{job['progress']['epoch']} | {seconds:.2f} |")


def regression(name, loader):
    x, y = loader(return_X_y=True)
    x_train, x_test, y_train, y_test = train_test_split(x, y, test_size=0.2, random_state=0)
    reference = LinearRegression().fit(x_train, y_train)
    print(f"\n{name}: {len(y_train)} training rows, {len(y_test)} held out, {x.shape[1]} features")
    print("| configuration | held-out R² | − scikit-learn | epochs | job s |")
    print("|---|---:|---:|---:|---:|")
    ref_r2 = r2_score(y_test, reference.predict(x_test))
    print(f"| scikit-learn LinearRegression() | {ref_r2:.4f} | 0 | | |")
    dataset_id = upload(name, x_train, y_train)
    for label, hyperparameters in CONFIGS:
        job, seconds = train(dataset_id, "linear-regression", dict(hyperparameters, seed=1))
        predicted = np.array([q["value"] if "value" in q else q.get("prediction", q.get("label")) for q in
                              predict(job["modelId"], x_test)])
        r2 = r2_score(y_test, predicted)
        print(f"| {label} | {r2:.4f} | {r2 - ref_r2:+.4f} | {job['progress']['epoch']} | {seconds:.2f} |")


classification("breast-cancer", load_breast_cancer)
regression("diabetes", load_diabetes)
