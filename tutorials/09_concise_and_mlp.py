"""
Concise implementations and multilayer perceptrons
==================================================

*Dive into Deep Learning*'s concise linear regression (section 3.3 of the first edition, 3.5 of
the second) and its multilayer perceptron, from scratch and concise (sections 4.2 and 4.3 of the
first edition, 5.1 and 5.2 of the second), run with autodiff in place of PyTorch. The book's code
is unchanged but for the imports: ``import autodiff as torch``, ``from autodiff import nn`` and
``from autodiff.utils import data``. ``nn.Linear`` initializes its parameters, and ``DataLoader``
shuffles, with PyTorch's random streams, so after ``torch.manual_seed(0)`` every line printed
below is the line PyTorch prints.
"""

# %%
# Concise linear regression
# -------------------------
# The data set of the from-scratch tutorial, now read with ``TensorDataset`` and ``DataLoader``.

import matplotlib.pyplot as plt

import autodiff as torch
from autodiff import nn
from autodiff.utils import data

torch.manual_seed(0)


def synthetic_data(w, b, num_examples):  #@save
    """Generate y = Xw + b + noise."""
    X = torch.normal(0, 1, (num_examples, len(w)))
    y = torch.matmul(X, w) + b
    y += torch.normal(0, 0.01, y.shape)
    return X, y.reshape((-1, 1))


true_w = torch.tensor([2, -3.4])
true_b = 4.2
features, labels = synthetic_data(true_w, true_b, 1000)


def load_array(data_arrays, batch_size, is_train=True):  #@save
    """Construct a PyTorch data iterator."""
    dataset = data.TensorDataset(*data_arrays)
    return data.DataLoader(dataset, batch_size, shuffle=is_train)


batch_size = 10
data_iter = load_array((features, labels), batch_size)

print(next(iter(data_iter)))

# %%
# The model is one ``nn.Linear`` layer in a ``Sequential``; its parameters are set in place
# through ``.data``, the loss is ``nn.MSELoss`` and the optimizer ``torch.optim.SGD``.

net = nn.Sequential(nn.Linear(2, 1))
net[0].weight.data.normal_(0, 0.01)
net[0].bias.data.fill_(0)

loss = nn.MSELoss()
trainer = torch.optim.SGD(net.parameters(), lr=0.03)

num_epochs = 3
for epoch in range(num_epochs):
    for X, y in data_iter:
        l = loss(net(X), y)
        trainer.zero_grad()
        l.backward()
        trainer.step()
    l = loss(net(features), labels)
    print(f'epoch {epoch + 1}, loss {l:f}')

w = net[0].weight.data
print('error in estimating w:', true_w - w.reshape(true_w.shape))
b = net[0].bias.data
print('error in estimating b:', true_b - b)

# %%
# A data set for classification
# ------------------------------
# The book trains its perceptrons on Fashion-MNIST, which needs a download; here, as in the
# softmax regression tutorial, ten classes of 8x8 "images" are built in. Each class is a random
# prototype, and an example is its prototype squashed through ``tanh`` plus noise, which takes
# the classes a little further from linearly separable.

num_classes, side = 10, 8
prototypes = 2 * torch.randn(num_classes, side * side)


def make_split(n):
    labels = torch.randint(0, num_classes, (n,))
    images = torch.tanh(prototypes[labels]) + 2 * torch.randn(n, side * side)
    return images.reshape((n, 1, side, side)), labels


train_X, train_y = make_split(1000)
test_X, test_y = make_split(500)
batch_size = 64
train_iter = data.DataLoader(data.TensorDataset(train_X, train_y), batch_size, shuffle=True)
test_iter = data.DataLoader(data.TensorDataset(test_X, test_y), batch_size, shuffle=False)
print(len(train_iter), len(test_iter), next(iter(test_iter))[0].shape)

# %%
# The book's training loop (``train_ch3``, its ``Animator`` replaced by a list): it puts a
# ``torch.nn.Module`` into training mode, and steps a ``torch.optim.Optimizer`` on the mean loss.


def accuracy(y_hat, y):  #@save
    """Compute the number of correct predictions."""
    if len(y_hat.shape) > 1 and y_hat.shape[1] > 1:
        y_hat = y_hat.argmax(axis=1)
    cmp = y_hat.type(y.dtype) == y
    return float(cmp.type(y.dtype).sum())


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
    if isinstance(net, torch.nn.Module):
        net.eval()  # Set the model to evaluation mode
    metric = Accumulator(2)  # No. of correct predictions, no. of predictions
    with torch.no_grad():
        for X, y in data_iter:
            metric.add(accuracy(net(X), y), y.numel())
    return metric[0] / metric[1]


def train_epoch_ch3(net, train_iter, loss, updater):  #@save
    """The training loop defined in Chapter 3."""
    # Set the model to training mode
    if isinstance(net, torch.nn.Module):
        net.train()
    # Sum of training loss, sum of training accuracy, no. of examples
    metric = Accumulator(3)
    for X, y in train_iter:
        # Compute gradients and update parameters
        y_hat = net(X)
        l = loss(y_hat, y)
        if isinstance(updater, torch.optim.Optimizer):
            # Using PyTorch in-built optimizer & loss criterion
            updater.zero_grad()
            l.mean().backward()
            updater.step()
        else:
            # Using custom built optimizer & loss criterion
            l.sum().backward()
            updater(X.shape[0])
        metric.add(float(l.sum()), accuracy(y_hat, y), y.numel())
    # Return training loss and training accuracy
    return metric[0] / metric[2], metric[1] / metric[2]


def train_ch3(net, train_iter, test_iter, loss, num_epochs, updater):  #@save
    """Train a model (defined in Chapter 3)."""
    history = []
    for epoch in range(num_epochs):
        train_loss, train_acc = train_epoch_ch3(net, train_iter, loss, updater)
        test_acc = evaluate_accuracy(net, test_iter)
        history.append((train_loss, train_acc, test_acc))
        print(f'epoch {epoch + 1}, loss {train_loss:.4f}, train acc {train_acc:.3f}, '
              f'test acc {test_acc:.3f}')
    return history


# %%
# A multilayer perceptron from scratch
# ------------------------------------
# One hidden layer of 32 units. The parameters are ``nn.Parameter`` s, the ReLU is written
# with ``torch.max``, and the loss is ``nn.CrossEntropyLoss(reduction='none')``, which the
# loop averages.

num_inputs, num_outputs, num_hiddens = side * side, num_classes, 32

W1 = nn.Parameter(torch.randn(
    num_inputs, num_hiddens, requires_grad=True) * 0.01)
b1 = nn.Parameter(torch.zeros(num_hiddens, requires_grad=True))
W2 = nn.Parameter(torch.randn(
    num_hiddens, num_outputs, requires_grad=True) * 0.01)
b2 = nn.Parameter(torch.zeros(num_outputs, requires_grad=True))

params = [W1, b1, W2, b2]


def relu(X):
    a = torch.zeros_like(X)
    return torch.max(X, a)


def net(X):
    X = X.reshape((-1, num_inputs))
    H = relu(X@W1 + b1)  # Here '@' stands for matrix multiplication
    return (H@W2 + b2)


loss = nn.CrossEntropyLoss(reduction='none')

num_epochs, lr = 10, 0.3
updater = torch.optim.SGD(params, lr=lr)
scratch_history = train_ch3(net, train_iter, test_iter, loss, num_epochs, updater)

# %%
# The multilayer perceptron, concisely
# ------------------------------------
# The same model as layers: ``Flatten`` turns each 1x8x8 image into a row, and ``apply`` runs
# the book's ``init_weights`` on every module.

net = nn.Sequential(nn.Flatten(),
                    nn.Linear(num_inputs, num_hiddens),
                    nn.ReLU(),
                    nn.Linear(num_hiddens, num_outputs))


def init_weights(m):
    if type(m) == nn.Linear:
        nn.init.normal_(m.weight, std=0.01)


net.apply(init_weights)
print(net)

# %%

loss = nn.CrossEntropyLoss(reduction='none')
trainer = torch.optim.SGD(net.parameters(), lr=lr)
concise_history = train_ch3(net, train_iter, test_iter, loss, num_epochs, trainer)

# %%
# The two implementations learn alike; they differ only in their random initial values (the
# concise model's biases start from ``nn.Linear``'s default, not from zero). With 2,410
# parameters and 1000 noisy examples, both come to fit the training set while their test
# accuracy peaks after three epochs: the overfitting that the book's next sections (weight decay,
# dropout) take on.

fig, ax = plt.subplots(figsize=(4.5, 3))
epochs = range(1, num_epochs + 1)
for history, style, name in ((scratch_history, "-", "from scratch"),
                             (concise_history, "--", "concise")):
    ax.plot(epochs, [h[0] for h in history], style, color="C0", label=f"train loss, {name}")
    ax.plot(epochs, [h[2] for h in history], style, color="C1", label=f"test acc, {name}")
ax.set_xlabel("epoch")
ax.legend(fontsize=7)
fig.tight_layout()

# %%
# Prediction
# ----------
# The first test examples, true and predicted classes:

X, y = next(iter(test_iter))
print('true:', y[:8])
print('pred:', net(X).argmax(axis=1)[:8])
