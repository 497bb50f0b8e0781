"""Building model directories: typed configs, the training run, the baseline's scikit-learn pipeline,
the BERT trainer, ONNX export. Nothing under :mod:`classify.classifiers` imports this package: a
model loads and predicts without the code that trained it."""
