"""What is left of a limited resource (fair places, booths, class seats): one rule, used both by the services that
refuse when nothing is left and by the pages that show 剩余 N / 名额已满 before anyone presses a button."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Places:
    capacity: int
    taken: int

    @property
    def left(self) -> int:
        return max(self.capacity - self.taken, 0)

    @property
    def full(self) -> bool:
        return self.taken >= self.capacity
