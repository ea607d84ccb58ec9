"""The geometry of the BIG-8 figure-of-eight: two loops that touch in the middle, the
strategic loop (steps 1-4) on the left and the operational loop (5-8) on the right.

The path runs up through the middle into step 1, round the left loop anticlockwise (1 top,
2 and 3 on the far side, 4 below), up through the middle again into step 5, and round the
right loop clockwise (5 top, 6 and 7 on the far side, 8 below) back to step 1: the cycle
the Omgevingsbesluit describes, drawn as an 8 on its side. The template draws it as an inline
SVG; every node carries its status in colour, symbol and words.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from grip.web.kpis.display import STEP_SHORT_NAMES, StatusLook

WIDTH = 760
HEIGHT = 420
RADIUS = 130  # of each loop
NODE_RADIUS = 26
CENTRE_Y = 210
LEFT_X = WIDTH / 2 - RADIUS
RIGHT_X = WIDTH / 2 + RADIUS

# Degrees on each loop's circle: 0 points right, and y points down as in SVG.
ANGLES = {1: -72, 2: -144, 3: 144, 4: 72, 5: -108, 6: -36, 7: 36, 8: 108}


@dataclass(frozen=True)
class Node:
    number: int
    name: str  # the full name, for the <title> of the node
    short_name: str
    status: StatusLook
    x: float
    y: float
    label_x: float
    label_y: float
    anchor: str  # text-anchor of the labels

    @property
    def status_y(self) -> float:
        return self.label_y + 18

    @property
    def symbol_x(self) -> float:
        return self.x + NODE_RADIUS * 0.72

    @property
    def symbol_y(self) -> float:
        return self.y - NODE_RADIUS * 0.72


def node_at(number: int, name: str, status: StatusLook) -> Node:
    centre_x = LEFT_X if number <= 4 else RIGHT_X
    angle = math.radians(ANGLES[number])
    cos, sin = math.cos(angle), math.sin(angle)
    x = centre_x + RADIUS * cos
    y = CENTRE_Y + RADIUS * sin
    reach = NODE_RADIUS + 12
    label_x = x + reach * cos
    label_y = y + reach * sin
    if sin < -0.5:  # above the loop: the two lines of text above the node
        label_y = y - NODE_RADIUS - 28
        anchor = "middle"
        label_x = x
    elif sin > 0.5:  # below: under the node
        label_y = y + NODE_RADIUS + 18
        anchor = "middle"
        label_x = x
    else:
        anchor = "start" if cos > 0 else "end"
        label_y = y - 4
    return Node(
        number=number,
        name=name,
        short_name=STEP_SHORT_NAMES[number],
        status=status,
        x=round(x, 1),
        y=round(y, 1),
        label_x=round(label_x, 1),
        label_y=round(label_y, 1),
        anchor=anchor,
    )


@dataclass(frozen=True)
class Arrow:
    """A small arrowhead on a loop, pointing the way the cycle runs."""

    x: float
    y: float
    rotation: float  # degrees


# Halfway between the nodes: the left loop runs anticlockwise, the right loop clockwise.
LEFT_ARROWS = (-108, 180, 108, 36)
RIGHT_ARROWS = (-72, 0, 72, 144)


def _arrow(centre_x: float, degrees: float, clockwise: bool) -> Arrow:
    angle = math.radians(degrees)
    x = centre_x + RADIUS * math.cos(angle)
    y = CENTRE_Y + RADIUS * math.sin(angle)
    # The tangent in SVG coordinates (y down): clockwise is towards a growing angle.
    tangent = (-math.sin(angle), math.cos(angle))
    if not clockwise:
        tangent = (-tangent[0], -tangent[1])
    rotation = math.degrees(math.atan2(tangent[1], tangent[0]))
    return Arrow(round(x, 1), round(y, 1), round(rotation, 1))


def arrows() -> list[Arrow]:
    return [
        *(_arrow(LEFT_X, degrees, clockwise=False) for degrees in LEFT_ARROWS),
        *(_arrow(RIGHT_X, degrees, clockwise=True) for degrees in RIGHT_ARROWS),
    ]


@dataclass(frozen=True)
class Figure:
    nodes: list[Node]
    arrows: list[Arrow]
    width: int = WIDTH
    height: int = HEIGHT
    radius: int = RADIUS
    node_radius: int = NODE_RADIUS
    centre_y: int = CENTRE_Y
    left_x: float = LEFT_X
    right_x: float = RIGHT_X


def figure_of(steps: list[tuple[int, str, StatusLook]]) -> Figure:
    return Figure(
        nodes=[node_at(number, name, status) for number, name, status in steps], arrows=arrows()
    )
