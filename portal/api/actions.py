"""The one shape of an API action on an object: the object first (a 404 for one that is not the caller's comes
before any validation of the input), then the input serializer, then the one service, answering with the
serialized result. The pillars' viewsets call `object_action` instead of writing these steps out each time."""

from collections.abc import Callable

from rest_framework.response import Response


def validated(serializer_class, request, **kwargs) -> dict:
    """The request body validated by `serializer_class` (a 400 with the field errors when it is not valid)."""
    data = serializer_class(data=request.data, **kwargs)
    data.is_valid(raise_exception=True)
    return data.validated_data


def object_action(
    view, request, *, input, service: Callable, target: str, output, actor: str = "user", status: int = 200
) -> Response:
    """`service(<target>=view.get_object(), <actor>=request.user, **<the validated input>)`, answered with
    `output(result)`."""
    obj = view.get_object()
    result = service(**{target: obj, actor: request.user}, **validated(input, request))
    return Response(output(result).data, status=status)
