"""Checks: the one gradient checker, the craft around it, and a reader's numeric answers.

- gradcheck  analytic gradients against centred finite differences (``check_gradient``,
             ``check_network``, ``check_scalar_graph``), the one checker every gradient in
             the book and the tests goes through
- table      many checks as one compact table, a row per check (what, analytic, finite
             difference, relative error, agree)
- answers    a reader's number against the expected one, with a stated tolerance
- step_size  the error of one-sided and centred differences against h (float64, float32)
- verdicts   what a relative error means: right, look closer, wrong
- spot       spot checks: a few parameters of every block of a big network
- kinks      relu inputs that a finite difference moves across 0
- vjp_check  a layer's vector–Jacobian product (x̄ and every θ̄) through the gradient checker
"""
