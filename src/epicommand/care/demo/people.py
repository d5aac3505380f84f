"""Names and qualifications of the demo's medical staff (seeded, made up)."""

from __future__ import annotations

import random

FAMILY = [
    ("Kim", "김"), ("Ri", "리"), ("Pak", "박"), ("Choe", "최"), ("Jong", "정"), ("Kang", "강"),
    ("Cho", "조"), ("Yun", "윤"), ("Jang", "장"), ("Han", "한"), ("Rim", "림"), ("O", "오"),
]  # fmt: skip
GIVEN = [
    ("Chol", "철"), ("Myong", "명"), ("Song", "성"), ("Hyok", "혁"), ("Il", "일"),
    ("Yong", "영"), ("Gum", "금"), ("Hui", "희"), ("Sun", "순"), ("Ok", "옥"), ("Nam", "남"),
    ("Jin", "진"), ("Hyang", "향"), ("Ryong", "룡"), ("Su", "수"), ("Mi", "미"),
]  # fmt: skip
#: Shares of the roster by qualification (illustrative).
MIX = [
    ("doctor", 0.22), ("nurse", 0.45), ("pharmacist", 0.06), ("laboratory", 0.05),
    ("epidemiologist", 0.03), ("koryo_doctor", 0.07), ("driver", 0.07), ("other", 0.05),
]  # fmt: skip


def name(rng: random.Random) -> tuple[str, str]:
    family, first, second = rng.choice(FAMILY), rng.choice(GIVEN), rng.choice(GIVEN)
    return f"{family[0]} {first[0]}{second[0].lower()}", f"{family[1]}{first[1]}{second[1]}"


def qualification(rng: random.Random) -> str:
    pick, total = rng.random(), 0.0
    for q, share in MIX:
        total += share
        if pick < total:
            return q
    return MIX[-1][0]
