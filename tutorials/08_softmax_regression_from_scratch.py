"""
Softmax regression from scratch
===============================

*Dive into Deep Learning*'s softmax regression from scratch (section 3.6 of the first edition, 4.4
of the second), run with autodiff in place of PyTorch: the book's functions are unchanged except
for the import. The book trains on Fashion-MNIST, which needs a download; here the data set is
built in: ten classes of 8x8 "images", each class a random prototype pattern, each example its
prototype plus noise. It is made with ``torch.randn`` after ``torch.manual_seed(0)``, so it is the
same data PyTorch would make, and every number printed below is the one PyTorch prints.
"""

# %%
# A small built-in data set
# -------------------------
# 10 classes, 64 features (8x8 pixels), 1000 training and 500 test examples. Minibatches come in
# a random order from ``torch.randperm``.

import matplotlib.pyplot as plt

import autodiff as torch

torch.manual_seed(0)
num_classes, side = 10, 8
prototypes = torch.randn(num_classes, side * side)


def make_split(n):
    labels = torch.randint(0, num_classes, (n,))
    images = prototypes[labels] + 3 * torch.randn(n, side * side)
    return images, labels


train_X, train_y = make_split(1000)
test_X, test_y = make_split(500)


def data_iter(X, y, batch_size, shuffle=True):
    order = torch.randperm(len(X)) if shuffle else torch.arange(len(X))
    for i in range(0, len(X), batch_size):
        idx = order[i: i + batch_size]
        yield X[idx], y[idx]


batch_size = 64
print(train_X.shape, train_y[:10])

# %%
# Initializing the model parameters
# ---------------------------------

num_inputs = side * side
num_outputs = num_classes

W = torch.normal(0, 0.01, size=(num_inputs, num_outputs), requires_grad=True)
b = torch.zeros(num_outputs, requires_grad=True)

# %%
# Defining the softmax operation
# ------------------------------
# Summing over one axis of a matrix, keeping it:

X = torch.tensor([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])
X.sum(0, keepdim=True), X.sum(1, keepdim=True)

# %%


def softmax(X):
    X_exp = torch.exp(X)
    partition = X_exp.sum(1, keepdim=True)
    return X_exp / partition  # The broadcasting mechanism is applied here


X = torch.normal(0, 1, (2, 5))
X_prob = softmax(X)
X_prob, X_prob.sum(1)

# %%
# Defining the model and the loss
# -------------------------------


def net(X):
    return softmax(torch.matmul(X.reshape((-1, W.shape[0])), W) + b)


y = torch.tensor([0, 2])
y_hat = torch.tensor([[0.1, 0.3, 0.6], [0.3, 0.2, 0.5]])
y_hat[[0, 1], y]

# %%


def cross_entropy(y_hat, y):
    return - torch.log(y_hat[range(len(y_hat)), y])


cross_entropy(y_hat, y)

# %%
# Classification accuracy
# -----------------------


def accuracy(y_hat, y):  #@save
    """Compute the number of correct predictions."""
    if len(y_hat.shape) > 1 and y_hat.shape[1] > 1:
        y_hat = y_hat.argmax(axis=1)
    cmp = y_hat.type(y.dtype) == y
    return float(cmp.type(y.dtype).sum())


accuracy(y_hat, y) / len(y)

# %%


class Accumulator:  #@save
    """For accumulating sums over `n` variables."""
    def __init__(self, n):
        self.data = [0.0] * n

    def add(self, *args):
        self.data = [a + float(b) for a, b in zip(self.data, args)]

    def reset(self):
        self.data = [0.0] * len(self.data)

    def __getitem__(self, idx):
        return self.data[idx]


def evaluate_accuracy(net, data_iter):  #@save
    """Compute the accuracy for a model on a dataset."""
    metric = Accumulator(2)  # No. of correct predictions, no. of predictions
    with torch.no_grad():
        for X, y in data_iter:
            metric.add(accuracy(net(X), y), y.numel())
    return metric[0] / metric[1]


evaluate_accuracy(net, data_iter(test_X, test_y, batch_size, shuffle=False))

# %%
# Training
# --------
# The book's ``train_epoch_ch3`` and ``sgd`` (its ``Animator`` replaced by a list of losses).


def sgd(params, lr, batch_size):  #@save
    """Minibatch stochastic gradient descent."""
    with torch.no_grad():
        for param in params:
            param -= lr * param.grad / batch_size
            param.grad.zero_()


def updater(batch_size):
    return sgd([W, b], lr, batch_size)


def train_epoch_ch3(net, train_iter, loss, updater):  #@save
    """The training loop defined in Chapter 3."""
    # Sum of training loss, sum of training accuracy, no. of examples
    metric = Accumulator(3)
    for X, y in train_iter:
        # Compute gradients and update parameters
        y_hat = net(X)
        l = loss(y_hat, y)
        l.sum().backward()
        updater(X.shape[0])
        metric.add(float(l.sum()), accuracy(y_hat, y), y.numel())
    # Return training loss and training accuracy
    return metric[0] / metric[2], metric[1] / metric[2]


lr = 0.1
num_epochs = 10
history = []
for epoch in range(num_epochs):
    train_loss, train_acc = train_epoch_ch3(
        net, data_iter(train_X, train_y, batch_size), cross_entropy, updater)
    test_acc = evaluate_accuracy(net, data_iter(test_X, test_y, batch_size, shuffle=False))
    history.append((train_loss, train_acc, test_acc))
    print(f'epoch {epoch + 1}, loss {train_loss:.4f}, train acc {train_acc:.3f}, '
          f'test acc {test_acc:.3f}')

# %%
# The training loss keeps falling while the test accuracy peaks after the first epoch: with 100
# noisy examples per class and 650 parameters, the model starts to fit the noise (overfitting, the
# subject of the book's sections on weight decay and dropout).

fig, ax = plt.subplots(figsize=(4.5, 3))
epochs = range(1, num_epochs + 1)
ax.plot(epochs, [h[0] for h in history], label="train loss")
ax.plot(epochs, [h[1] for h in history], "--", label="train acc")
ax.plot(epochs, [h[2] for h in history], "-.", label="test acc")
ax.set_xlabel("epoch")
ax.legend()
fig.tight_layout()

# %%
# Prediction
# ----------
# The first test examples, true and predicted classes:

X, y = test_X[:8], test_y[:8]
print('true:', y)
print('pred:', net(X).argmax(axis=1))
