"""Building model directories: typed configs, the training run, the baseline's scikit-learn pipeline,
the BERT trainer, ONNX export, the progress protocol trainers report through; fitting the
summariser's sentence-score weights and the issuer ranker. Nothing under :mod:`classify.classifiers` or
:mod:`classify.summarize` imports this package: a model loads and predicts, and a lead is written,
without the code that fitted them."""
