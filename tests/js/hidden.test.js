import { test } from "node:test";
import assert from "node:assert/strict";
import { withHidden } from "../../book/_vendor/bpb/run/hidden.js";

const groups = [
  { anchor: null, lines: ["from myst_nb import glue"] },
  { anchor: "    y = x * i", lines: ['    glue("y", y)'] },
  { anchor: "print(y)", lines: ['glue("x", x)'] },
];

test("the glue calls go back after their anchors, guarded", () => {
  const edited = "x = 2.0\nfor i in range(3):\n    y = x * i\nprint(y)";
  assert.equal(withHidden(edited, groups), [
    "try:", "    from myst_nb import glue", "except Exception:", "    pass",
    "x = 2.0", "for i in range(3):", "    y = x * i",
    "    try:", '        glue("y", y)', "    except Exception:", "        pass",
    "print(y)",
    "try:", '    glue("x", x)', "except Exception:", "    pass",
  ].join("\n"));
});

test("a group whose anchor the reader changed is left out; one already there is not doubled", () => {
  const edited = "from myst_nb import glue\nx = 2.0\nfor i in range(3):\n    z = x * i\nprint(y)\nglue(\"x\", x)";
  const out = withHidden(edited, groups);
  assert.equal(out.match(/glue\("y"/g), null);
  assert.equal(out.match(/glue\("x", x\)/g).length, 1);
  assert.equal(out.match(/from myst_nb import glue/g).length, 1);
  assert.equal(withHidden("print(1)", []), "print(1)");
  assert.equal(withHidden("print(1)"), "print(1)");
});

test("anchors are found in order, below the group before", () => {
  const twice = [{ anchor: "a = 1", lines: ["glue('first', a)"] }, { anchor: "a = 1", lines: ["glue('second', a)"] }];
  const out = withHidden("a = 1\nb = 2\na = 1", twice).split("\n");
  assert.equal(out.indexOf("    glue('first', a)"), 2);
  assert.equal(out.indexOf("    glue('second', a)"), out.length - 3);
});
