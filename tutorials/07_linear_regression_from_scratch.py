"""
Linear regression from scratch
==============================

*Dive into Deep Learning*'s linear regression implemented from scratch (section 3.2 of the first
edition, 3.4 of the second), run with autodiff in place of PyTorch: the only change to the book's
code is the import, and the figure uses matplotlib directly where the book calls its ``d2l``
helper. After ``torch.manual_seed(0)`` autodiff draws PyTorch's random numbers, so every line
printed below is the line PyTorch prints for the same seed.
"""

# %%
# Generating the dataset
# ----------------------
# 1000 examples of two features, labels from the true parameters
# :math:`\mathbf{w} = [2, -3.4]^\top`, :math:`b = 4.2` plus a little noise.

import random

import matplotlib.pyplot as plt

import autodiff as torch

torch.manual_seed(0)
random.seed(0)


def synthetic_data(w, b, num_examples):  #@save
    """Generate y = Xw + b + noise."""
    X = torch.normal(0, 1, (num_examples, len(w)))
    y = torch.matmul(X, w) + b
    y += torch.normal(0, 0.01, y.shape)
    return X, y.reshape((-1, 1))


true_w = torch.tensor([2, -3.4])
true_b = 4.2
features, labels = synthetic_data(true_w, true_b, 1000)

# %%

print('features:', features[0], '\nlabel:', labels[0])

# %%
# The second feature against the label: a line, as the model assumes.

plt.figure(figsize=(3.5, 2.5))
plt.scatter(features[:, (1)].detach().numpy(), labels.detach().numpy(), 1)
plt.xlabel("second feature")
plt.ylabel("label")
plt.tight_layout()

# %%
# Reading the dataset
# -------------------
# Minibatches in a random order; indexing a tensor with a tensor of indices picks the rows.


def data_iter(batch_size, features, labels):
    num_examples = len(features)
    indices = list(range(num_examples))
    # The examples are read at random, in no particular order
    random.shuffle(indices)
    for i in range(0, num_examples, batch_size):
        batch_indices = torch.tensor(
            indices[i: min(i + batch_size, num_examples)])
        yield features[batch_indices], labels[batch_indices]


batch_size = 10

for X, y in data_iter(batch_size, features, labels):
    print(X, '\n', y)
    break

# %%
# Initializing the parameters, the model, the loss and the optimizer
# -------------------------------------------------------------------

w = torch.normal(0, 0.01, size=(2, 1), requires_grad=True)
b = torch.zeros(1, requires_grad=True)


def linreg(X, w, b):  #@save
    """The linear regression model."""
    return torch.matmul(X, w) + b


def squared_loss(y_hat, y):  #@save
    """Squared loss."""
    return (y_hat - y.reshape(y_hat.shape)) ** 2 / 2


def sgd(params, lr, batch_size):  #@save
    """Minibatch stochastic gradient descent."""
    with torch.no_grad():
        for param in params:
            param -= lr * param.grad / batch_size
            param.grad.zero_()


# %%
# Training
# --------
# Each minibatch: the loss, its gradient by ``backward()``, one step of SGD. After each epoch,
# the loss on the whole dataset.

lr = 0.03
num_epochs = 3
net = linreg
loss = squared_loss

for epoch in range(num_epochs):
    for X, y in data_iter(batch_size, features, labels):
        l = loss(net(X, w, b), y)  # Minibatch loss in `X` and `y`
        # Compute gradient on `l` with respect to [`w`, `b`]
        l.sum().backward()
        sgd([w, b], lr, batch_size)  # Update parameters using their gradient
    with torch.no_grad():
        train_l = loss(net(features, w, b), labels)
        print(f'epoch {epoch + 1}, loss {float(train_l.mean()):f}')

# %%
# The learned parameters are close to the true ones:

print(f'error in estimating w: {true_w - w.reshape(true_w.shape)}')
print(f'error in estimating b: {true_b - b}')
