"""Checks: the one gradient checker and the checker of a reader's numeric answers.

- gradcheck  analytic gradients against centred finite differences (``check_gradient``,
             ``check_network``, ``check_scalar_graph``), the one checker every gradient in
             the book and the tests goes through
- answers    a reader's number against the expected one, with a stated tolerance
- vjp_check  a layer's vector–Jacobian product (x̄ and every θ̄) through the gradient checker
"""
