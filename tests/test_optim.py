"""``ad.optim`` against PyTorch: trajectories step for step (recorded in
``fixtures/optim_trajectories.npz`` by ``fixtures/record_optim.py``), state dicts, zero_grad,
parameter groups and argument errors."""
import copy
import doctest
import json
import pathlib

import numpy as np
import pytest

import autodiff as ad
from autodiff.optim import lr_scheduler
from fixtures.lr_scheduler_cases import CASES as LR_CASES
from fixtures.lr_scheduler_cases import EPOCHS, LRS
from fixtures.lr_scheduler_cases import resolve as resolve_lr_options
from fixtures.optim_cases import (CONFIGS, DTYPES, STEPS, config_id, gradients, initial_values,
                                  second_group_options)

RECORDED = np.load(pathlib.Path(__file__).parent / "fixtures" / "optim_trajectories.npz")
# The update rules round like PyTorch's kernels (fused multiply-adds included), and most of the
# trajectories agree bit for bit; PyTorch's vectorized sqrt is not correctly rounded (numpy's is),
# so the optimizers that divide by a square root may differ by an ulp or two.
TOLERANCE = {"float32": dict(rtol=1e-6, atol=1e-7), "float64": dict(rtol=1e-14, atol=1e-15)}


def _make(name, options, dtype):
    ad.set_default_dtype(np.dtype(dtype))
    x0, W0 = initial_values(dtype)
    x = ad.tensor(x0, requires_grad=True)
    W = ad.tensor(W0, requires_grad=True)
    opt = getattr(ad.optim, name)([{"params": [x], **options},
                                   {"params": [W], **second_group_options(options)}], **options)
    return x, W, opt


def _assign_gradients(x, W):
    gx, gW = gradients(x.detach().numpy(), W.detach().numpy())
    x.grad, W.grad = ad.from_numpy(gx), ad.from_numpy(gW)


CASES = [(name, options, dtype) for name, options in CONFIGS for dtype in DTYPES]
IDS = [f"{config_id(name, options)}-{dtype}" for name, options, dtype in CASES]


@pytest.mark.parametrize("name, options, dtype", CASES, ids=IDS)
def test_trajectory_matches_pytorch(name, options, dtype):
    key = f"{config_id(name, options)}/{dtype}"
    x, W, opt = _make(name, options, dtype)
    for step in range(1, STEPS + 1):
        _assign_gradients(x, W)
        opt.step()
        assert x.dtype == np.dtype(dtype) and W.dtype == np.dtype(dtype)
        np.testing.assert_allclose(x.detach().numpy(), RECORDED[f"{key}/x"][step],
                                   err_msg=f"x after step {step}", **TOLERANCE[dtype])
        np.testing.assert_allclose(W.detach().numpy(), RECORDED[f"{key}/W"][step],
                                   err_msg=f"W after step {step}", **TOLERANCE[dtype])
    assert repr(opt) == str(RECORDED[f"{key}/repr"])
    state = opt.state_dict()["state"]
    recorded = {k[len(key) + 7:] for k in RECORDED.files if k.startswith(key + "/state/")}
    ours = {f"{i}/{name}" for i, s in state.items() for name in s}
    assert ours == recorded
    for entry in recorded:
        index, field = entry.split("/")
        value = state[int(index)][field]
        assert isinstance(value, ad.Tensor)
        assert value.dtype == RECORDED[f"{key}/state/{entry}"].dtype, entry
        np.testing.assert_allclose(value.numpy(), RECORDED[f"{key}/state/{entry}"],
                                   err_msg=entry, **TOLERANCE[dtype])


SGD_CASES = [c for c in CASES if c[0] == "SGD"]


@pytest.mark.parametrize("name, options, dtype", SGD_CASES,
                         ids=[i for i, c in zip(IDS, CASES) if c[0] == "SGD"])
def test_sgd_is_bit_for_bit(name, options, dtype):
    # No square root on the way: every rounding is PyTorch's.
    key = f"{config_id(name, options)}/{dtype}"
    x, W, opt = _make(name, options, dtype)
    for step in range(1, STEPS + 1):
        _assign_gradients(x, W)
        opt.step()
        assert np.array_equal(x.detach().numpy(), RECORDED[f"{key}/x"][step])
        assert np.array_equal(W.detach().numpy(), RECORDED[f"{key}/W"][step])


def _rosenbrock(x):
    return (1 - x[0]) ** 2 + 100 * (x[1] - x[0] ** 2) ** 2


@pytest.mark.parametrize("name", ["SGD", "Adam", "AdamW", "Adagrad", "RMSprop", "Adadelta"])
def test_training_loop_with_backward(name):
    # The usual loop: zero_grad, backward, step; the gradients come from autodiff itself.
    lr = {"SGD": 1e-3, "Adadelta": 1.0}.get(name, 0.05)
    x = ad.tensor([-1.2, 1.0], requires_grad=True)
    opt = getattr(ad.optim, name)([x], lr=lr)
    first = float(_rosenbrock(x))
    for _ in range(20):
        opt.zero_grad()
        loss = _rosenbrock(x)
        loss.backward()
        opt.step()
    assert float(_rosenbrock(x)) < first
    assert x.requires_grad and x.is_leaf and x.grad_fn is None
    assert x.dtype == np.float32


def test_closure_is_called_with_grad_enabled_and_its_loss_returned():
    x = ad.tensor([3.0], requires_grad=True)
    opt = ad.optim.SGD([x], lr=0.1)

    def closure():
        opt.zero_grad()
        loss = (x * x).sum()
        loss.backward()
        return loss

    with ad.no_grad():
        loss = opt.step(closure)
    assert float(loss) == 9.0
    np.testing.assert_allclose(x.detach().numpy(), [2.4])


def test_step_is_in_place_and_outside_the_graph():
    x = ad.tensor([1.0, 2.0], requires_grad=True)
    values = x.detach().numpy()
    version = x._version
    x.grad = ad.tensor([1.0, 1.0])
    ad.optim.SGD([x], lr=0.5).step()
    assert x.detach().numpy() is values           # the same memory, updated
    np.testing.assert_array_equal(values, [0.5, 1.5])
    assert x._version == version + 1
    assert x.grad_fn is None and x.requires_grad


def test_parameters_without_grad_are_skipped():
    x = ad.tensor([1.0], requires_grad=True)
    y = ad.tensor([1.0], requires_grad=True)
    opt = ad.optim.Adam([x, y], lr=0.1)
    x.grad = ad.tensor([1.0])
    opt.step()
    assert y.item() == 1.0 and x.item() != 1.0
    assert y not in opt.state and len(opt.state[x]) == 3


def test_zero_grad_sets_to_none_by_default():
    x = ad.tensor([1.0, 2.0], requires_grad=True)
    opt = ad.optim.SGD([x], lr=0.1)
    (x * x).sum().backward()
    opt.zero_grad()
    assert x.grad is None


def test_zero_grad_set_to_none_false_fills_zeros_in_place():
    x = ad.tensor([1.0, 2.0], requires_grad=True)
    opt = ad.optim.SGD([x], lr=0.1, momentum=0.9)
    (x * x).sum().backward()
    grad = x.grad
    opt.zero_grad(set_to_none=False)
    assert x.grad is grad
    np.testing.assert_array_equal(x.grad.numpy(), [0.0, 0.0])
    # a zero gradient is still a gradient: momentum moves the parameter (PyTorch does the same)
    opt.step()
    opt.step()
    assert x.detach().numpy().tolist() == [1.0, 2.0]
    x.grad = ad.tensor([1.0, 1.0])
    opt.step()
    opt.zero_grad(set_to_none=False)
    opt.step()
    np.testing.assert_allclose(x.detach().numpy(), [1.0 - 0.1 - 0.09, 2.0 - 0.1 - 0.09],
                               rtol=1e-6)


def test_param_groups_and_defaults():
    a = ad.tensor([1.0], requires_grad=True)
    b = ad.tensor([1.0], requires_grad=True)
    opt = ad.optim.SGD([{"params": [a]}, {"params": b, "lr": 0.5}], lr=0.1, momentum=0.9)
    assert [g["lr"] for g in opt.param_groups] == [0.1, 0.5]
    assert opt.param_groups[1]["params"] == [b]
    assert opt.param_groups[1]["momentum"] == 0.9
    c = ad.tensor([1.0], requires_grad=True)
    opt.add_param_group({"params": [c], "lr": 0.25})
    assert len(opt.param_groups) == 3 and opt.param_groups[2]["dampening"] == 0
    for t in (a, b, c):
        t.grad = ad.tensor([1.0])
    opt.step()
    np.testing.assert_allclose([a.item(), b.item(), c.item()], [0.9, 0.5, 0.75])
    # changing a group's lr between steps, as learning-rate schedules do
    opt.param_groups[0]["lr"] = 0.0
    opt.step()
    assert a.item() == pytest.approx(0.9)


def test_adagrad_state_exists_before_the_first_step():
    x = ad.tensor([1.0, 2.0], requires_grad=True)
    opt = ad.optim.Adagrad([x], initial_accumulator_value=0.25)
    assert float(opt.state[x]["step"]) == 0.0
    np.testing.assert_array_equal(opt.state[x]["sum"].numpy(), [0.25, 0.25])


def test_step_counter_is_a_float_tensor_of_the_default_dtype():
    x = ad.tensor([1.0], requires_grad=True)
    opt = ad.optim.Adam([x])
    x.grad = ad.tensor([1.0])
    opt.step()
    opt.step()
    step = opt.state[x]["step"]
    assert isinstance(step, ad.Tensor) and step.dtype == np.float32 and step.item() == 2.0


@pytest.mark.parametrize("name", ["SGD", "Adam", "AdamW", "Adagrad", "RMSprop", "Adadelta"])
def test_state_dict_round_trip_continues_the_same_trajectory(name):
    options = {"SGD": dict(lr=0.0005, momentum=0.9), "RMSprop": dict(lr=0.01, momentum=0.9)}.get(
        name, dict(lr=0.05))
    x, W, opt = _make(name, options, "float32")
    for _ in range(3):
        _assign_gradients(x, W)
        opt.step()
    saved = copy.deepcopy(opt.state_dict())
    x2, W2 = ad.tensor(x.detach().numpy(), requires_grad=True), \
        ad.tensor(W.detach().numpy(), requires_grad=True)
    opt2 = getattr(ad.optim, name)([{"params": [x2]}, {"params": [W2], "lr": 123.0}], lr=9.0)
    opt2.load_state_dict(saved)
    assert opt2.param_groups[0]["lr"] == options["lr"]
    assert opt2.param_groups[0]["params"][0] is x2
    assert set(opt2.state) == {x2, W2}
    for _ in range(3):
        _assign_gradients(x, W)
        opt.step()
        _assign_gradients(x2, W2)
        opt2.step()
    np.testing.assert_array_equal(x.detach().numpy(), x2.detach().numpy())
    np.testing.assert_array_equal(W.detach().numpy(), W2.detach().numpy())


def test_state_dict_layout_is_pytorchs():
    x = ad.tensor([1.0], requires_grad=True)
    W = ad.tensor([[1.0, 2.0]], requires_grad=True)
    opt = ad.optim.SGD([{"params": [x]}, {"params": [W], "lr": 0.5}], lr=0.1, momentum=0.9)
    x.grad, W.grad = ad.tensor([1.0]), ad.tensor([[1.0, 1.0]])
    opt.step()
    sd = opt.state_dict()
    assert sorted(sd) == ["param_groups", "state"]
    assert sd["param_groups"][0]["params"] == [0] and sd["param_groups"][1]["params"] == [1]
    assert sd["param_groups"][1]["lr"] == 0.5
    assert sorted(sd["state"]) == [0, 1] and list(sd["state"][1]) == ["momentum_buffer"]
    assert set(sd["param_groups"][0]) == {"params", "lr", "momentum", "dampening",
                                          "weight_decay", "nesterov", "maximize", "foreach",
                                          "differentiable", "fused"}


def test_load_state_dict_casts_state_to_the_parameter_dtype():
    x = ad.tensor(np.array([1.0, 2.0]), requires_grad=True)          # float64
    opt = ad.optim.Adam([x])
    x.grad = ad.tensor(np.array([1.0, 1.0]))
    opt.step()
    y = ad.tensor([1.0, 2.0], requires_grad=True)                      # float32
    opt2 = ad.optim.Adam([y])
    opt2.load_state_dict(opt.state_dict())
    assert opt2.state[y]["exp_avg"].dtype == np.float32
    assert opt2.state[y]["step"].dtype == opt.state[x]["step"].dtype


def test_load_state_dict_refuses_mismatched_groups():
    x = ad.tensor([1.0], requires_grad=True)
    y = ad.tensor([1.0], requires_grad=True)
    sd = ad.optim.SGD([x, y], lr=0.1).state_dict()
    with pytest.raises(ValueError, match="different number of parameter groups"):
        ad.optim.SGD([{"params": [x]}, {"params": [y]}], lr=0.1).load_state_dict(sd)
    with pytest.raises(ValueError, match="doesn't match the size of optimizer's group"):
        ad.optim.SGD([x], lr=0.1).load_state_dict(sd)


@pytest.mark.parametrize("make, message", [
    (lambda p: ad.optim.SGD(p, lr=-1), "Invalid learning rate: -1"),
    (lambda p: ad.optim.SGD(p, momentum=-0.5), "Invalid momentum value: -0.5"),
    (lambda p: ad.optim.SGD(p, weight_decay=-1), "Invalid weight_decay value: -1"),
    (lambda p: ad.optim.SGD(p, nesterov=True), "Nesterov momentum requires a momentum and zero "
                                              "dampening"),
    (lambda p: ad.optim.Adam(p, betas=(1.0, 0.9)), "Invalid beta parameter at index 0: 1.0"),
    (lambda p: ad.optim.Adam(p, betas=(0.9, -0.1)), "Invalid beta parameter at index 1: -0.1"),
    (lambda p: ad.optim.Adam(p, eps=-1e-8), "Invalid epsilon value: -1e-08"),
    (lambda p: ad.optim.Adagrad(p, lr_decay=-1), "Invalid lr_decay value: -1"),
    (lambda p: ad.optim.Adagrad(p, initial_accumulator_value=-1),
     "Invalid initial_accumulator_value value: -1"),
    (lambda p: ad.optim.RMSprop(p, alpha=-1), "Invalid alpha value: -1"),
    (lambda p: ad.optim.Adadelta(p, rho=1.5), "Invalid rho value: 1.5"),
    (lambda p: ad.optim.SGD([], lr=0.1), "optimizer got an empty parameter list"),
])
def test_invalid_arguments_raise_pytorchs_errors(make, message):
    x = ad.tensor([1.0], requires_grad=True)
    with pytest.raises(ValueError, match=message.replace("(", r"\(").replace(".", r"\.")):
        make([x])


def test_params_must_be_leaf_tensors_in_a_list():
    x = ad.tensor([1.0], requires_grad=True)
    with pytest.raises(TypeError, match="iterable of Tensors or dicts"):
        ad.optim.SGD(x, lr=0.1)
    with pytest.raises(TypeError, match="ordered collections"):
        ad.optim.SGD([{"params": {x}}], lr=0.1)
    with pytest.raises(TypeError, match="optimizer can only optimize Tensors"):
        ad.optim.SGD([np.ones(2)], lr=0.1)
    with pytest.raises(ValueError, match="can't optimize a non-leaf Tensor"):
        ad.optim.SGD([x * 2], lr=0.1)
    opt = ad.optim.SGD([x], lr=0.1)
    with pytest.raises(ValueError, match="more than one parameter group"):
        opt.add_param_group({"params": [x]})


def test_repr_lists_each_group_like_pytorch():
    x = ad.tensor([1.0], requires_grad=True)
    text = repr(ad.optim.SGD([x], lr=0.1))
    assert text.startswith("SGD (\nParameter Group 0\n    dampening: 0\n")
    assert "    lr: 0.1\n" in text and text.endswith(")")


def test_submodules_as_in_torch():
    assert ad.optim.sgd.SGD is ad.optim.SGD
    assert ad.optim.adam.Adam is ad.optim.Adam
    assert issubclass(ad.optim.AdamW, ad.optim.Adam)
    assert issubclass(ad.optim.RMSprop, ad.optim.optimizer.Optimizer)


def test_live_torch_same_loop_with_backward():
    torch = pytest.importorskip("torch")
    x0 = np.array([-1.2, 1.0])
    xt = torch.tensor(x0, requires_grad=True)
    xa = ad.tensor(x0, requires_grad=True)
    opt_t = torch.optim.Adam([xt], lr=0.05, amsgrad=True)
    opt_a = ad.optim.Adam([xa], lr=0.05, amsgrad=True)
    for _ in range(10):
        for x, opt in ((xt, opt_t), (xa, opt_a)):
            opt.zero_grad()
            _rosenbrock(x).backward()
            opt.step()
    np.testing.assert_allclose(xa.detach().numpy(), xt.detach().numpy(), rtol=1e-12)


@pytest.mark.parametrize("module", [ad.optim.sgd, ad.optim.adam, ad.optim.optimizer])
def test_docstring_examples_run(module):
    assert doctest.testmod(module).failed == 0


# -- learning-rate schedules --------------------------------------------------------------------
SCHEDULES = json.loads((pathlib.Path(__file__).parent / "fixtures" /
                        "lr_schedules.json").read_text())["cases"]


@pytest.mark.parametrize("case", LR_CASES, ids=[c[0] for c in LR_CASES])
def test_lr_schedule_matches_pytorch_exactly(case):
    case_id, name, options = case
    params = [ad.zeros(1, requires_grad=True) for _ in LRS]
    opt = ad.optim.SGD([{"params": [p], "lr": lr} for p, lr in zip(params, LRS)])
    sched = getattr(lr_scheduler, name)(opt, **resolve_lr_options(options))
    lrs = [sched.get_last_lr()]
    for _ in range(EPOCHS):
        opt.step()
        sched.step()
        lrs.append(sched.get_last_lr())
        assert [g["lr"] for g in opt.param_groups] == lrs[-1]
    assert lrs == SCHEDULES[case_id]


def test_scheduler_module_name_as_d2l_checks_it():
    # D2L's train loop tells PyTorch's schedulers from its own by their module
    x = ad.zeros(1, requires_grad=True)
    sched = lr_scheduler.StepLR(ad.optim.SGD([x], lr=0.1), step_size=2)
    assert sched.__module__ == lr_scheduler.__name__
    assert ad.optim.lr_scheduler is lr_scheduler


def test_scheduler_warns_when_stepped_before_the_optimizer():
    x = ad.zeros(1, requires_grad=True)
    sched = lr_scheduler.ExponentialLR(ad.optim.SGD([x], lr=0.1), gamma=0.5)
    with pytest.warns(UserWarning, match="before `optimizer.step\\(\\)`"):
        sched.step()


def test_scheduler_state_dict_round_trip():
    x = ad.zeros(1, requires_grad=True)
    opt = ad.optim.SGD([x], lr=0.1)
    sched = lr_scheduler.MultiStepLR(opt, milestones=[2, 4], gamma=0.5)
    for _ in range(3):
        opt.step()
        sched.step()
    saved = sched.state_dict()
    assert "optimizer" not in saved and saved["last_epoch"] == 3
    opt2 = ad.optim.SGD([x], lr=0.1)
    opt2.load_state_dict(opt.state_dict())
    sched2 = lr_scheduler.MultiStepLR(opt2, milestones=[9], gamma=0.1)
    sched2.load_state_dict(saved)
    opt.step(), sched.step(), opt2.step(), sched2.step()
    assert sched2.get_last_lr() == sched.get_last_lr() == [0.025]


def test_a_gradient_of_another_dtype_is_taken_in_the_parameters_dtype():
    x = ad.tensor([1.0, 2.0], requires_grad=True)
    opt = ad.optim.SGD([x], lr=0.1, momentum=0.9)
    x.grad = ad.tensor(np.array([1.0, 1.0]))          # float64 gradient, float32 parameter
    opt.step()
    assert x.dtype == np.float32 and opt.state[x]["momentum_buffer"].dtype == np.float32
    np.testing.assert_allclose(x.detach().numpy(), [0.9, 1.9], rtol=1e-6)
