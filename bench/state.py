"""Writes a descent data directory with many stored jobs and models, for bench/state.

Records are in the current formats (job: schema version 2 and a loss-history file; model: version 1, with
"schemaVersion" as the service writes it). Jobs and models name datasets that are not there: lists do not read them.
Usage: state.py DIR JOBS MODELS EPOCHS
"""
import json
import os
import struct
import sys
import uuid
from datetime import datetime, timedelta, timezone

directory, jobs, models, epochs = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
for kind in ("models", "training-jobs"):
    os.makedirs(os.path.join(directory, kind), exist_ok=True)

FEATURES = [f"x{i}" for i in range(1, 11)]
HYPERPARAMETERS = {"learningRate": 0.01, "epochs": epochs, "batchSize": 32, "tolerance": 0.0, "seed": 42,
                   "shuffle": True, "initialization": "zeros", "standardize": True, "shuffleMode": "auto"}
start = datetime(2026, 1, 1, tzinfo=timezone.utc)


def instant(seconds):
    return (start + timedelta(seconds=seconds)).isoformat().replace("+00:00", "Z")


def write(kind, record):
    with open(os.path.join(directory, kind, record["id"] + ".json"), "w") as f:
        json.dump(record, f, separators=(",", ":"))


datasets = [str(uuid.UUID(int=d + 1)) for d in range(10)]  # named only: lists do not read datasets

model_ids = []
for m in range(models):
    model_id = str(uuid.uuid4())
    model_ids.append(model_id)
    write("models", {"schemaVersion": 1, "id": model_id, "modelType": "logistic-regression", "featureNames": FEATURES,
                     "target": "label", "weights": [0.1 * (i + 1) for i in range(len(FEATURES))], "bias": -0.5,
                     "datasetId": datasets[m % len(datasets)], "trainingJobId": str(uuid.uuid4()),
                     "hyperparameters": HYPERPARAMETERS,
                     "metrics": {"accuracy": 0.9, "f1": 0.9, "loss": 0.3, "precision": 0.9, "recall": 0.9},
                     "epochs": epochs, "kernel": "openblas-sgemv+vector-residuals+rows", "createdAt": instant(m)})

history = struct.pack("<4sIII", b"DLH1", 1, 1, 0) + struct.pack(f"<{epochs}d", *[1.0 / (e + 1) for e in range(epochs)])
for j in range(jobs):
    job_id = str(uuid.uuid4())
    write("training-jobs", {"schemaVersion": 2, "id": job_id, "status": "succeeded", "modelType": "logistic-regression",
                            "datasetId": datasets[j % len(datasets)], "hyperparameters": HYPERPARAMETERS,
                            "progress": {"epoch": epochs, "epochs": epochs, "loss": 1.0 / epochs},
                            "modelId": model_ids[j % len(model_ids)] if model_ids else None, "error": None,
                            "createdAt": instant(j), "startedAt": instant(j), "finishedAt": instant(j + 1)})
    with open(os.path.join(directory, "training-jobs", job_id + ".history"), "wb") as f:
        f.write(history)
print(f"wrote {jobs} jobs and {models} models to {directory}")
