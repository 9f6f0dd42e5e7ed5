"""core.thumbnails: a fresh site's first visitors, all asking at once for thumbnails nobody has
made yet, each get a complete thumbnail of the right size, and each thumbnail is made once.

Before it, eight clients opening /search/ together got three 500s (a half-written thumbnail:
PIL.UnidentifiedImageError; sorl's "not in kvstore"). Threads stand in for the clients, as a
threaded server runs them, with the test settings' database, cache and storage.
"""

import threading
import uuid
from io import BytesIO
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connections
from oscar.core.thumbnails import get_thumbnailer
from PIL import Image
from sorl.thumbnail import default
from sorl.thumbnail.engines.pil_engine import Engine
from sorl.thumbnail.kvstores.base import add_prefix
from sorl.thumbnail.kvstores.cached_db_kvstore import EMPTY_VALUE, KVStore

from marketplace.services import product_image_add
from tests.factories.marketplace import make_product

# Each thread has its own database connection: it must see the committed photo, and its
# key-value rows must not wait on a test transaction.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)
CLIENTS = 8
# What a product card asks for (templates/oscar/catalogue/partials/product.html).
CARD_SIZES = ("200x200", "400x400", "600x600")


@pytest.fixture
def photo():
    """A new product photo the size of a phone's, so that making a thumbnail takes a while."""
    buffer = BytesIO()
    Image.effect_noise((2400, 1800), 60).convert("RGB").save(buffer, "JPEG", quality=90)
    product = make_product()
    # A name no other test used: sorl's cache (shared by the process) must know nothing of it.
    product_image_add(
        product=product, filename=f"{uuid.uuid4().hex}.jpg", content=buffer.getvalue()
    )
    return product.images.get().original


@pytest.fixture
def writes(monkeypatch):
    """The thumbnails sorl's engine writes, by name (the storage's save)."""
    written = []
    write = Engine.write

    def counting_write(self, image, options, thumbnail):
        write(self, image, options, thumbnail)
        written.append(thumbnail.name)

    monkeypatch.setattr(Engine, "write", counting_write)
    return written


def _at_once(ask) -> tuple[list, list]:
    """`ask(index)` in CLIENTS threads released together; their answers and their errors."""
    start = threading.Barrier(CLIENTS)
    answers, errors = [], []

    def run(index):
        try:
            start.wait()
            answers.append(ask(index))
        except Exception as error:  # noqa: BLE001  every failure is the finding
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(index,)) for index in range(CLIENTS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return answers, errors


def _assert_complete(thumbnail, size: str) -> None:
    expected = tuple(int(side) for side in size.split("x"))
    assert (thumbnail.width, thumbnail.height) == expected
    with thumbnail.storage.open(thumbnail.name) as stored, Image.open(stored) as image:
        image.load()  # the whole file decodes: none of it is missing
        assert image.size == expected
        assert image.format == "WEBP"


def _thumbnail_files() -> list[Path]:
    return [path for path in Path(settings.MEDIA_ROOT, "cache").rglob("*") if path.is_file()]


def test_clients_asking_at_once_for_a_new_thumbnail_get_it_whole_and_it_is_made_once(photo, writes):
    thumbnailer = get_thumbnailer()
    before = set(_thumbnail_files())

    answers, errors = _at_once(
        lambda _index: thumbnailer.generate_thumbnail(
            photo, size="400x400", crop="center", quality=75
        )
    )

    assert errors == []
    assert len(answers) == CLIENTS
    assert {answer.name for answer in answers} == {writes[0]}
    for answer in answers:
        _assert_complete(answer, "400x400")
    assert len(writes) == 1
    assert len(set(_thumbnail_files()) - before) == 1


def test_clients_asking_at_once_for_a_photos_card_sizes_get_each_made_once(photo, writes):
    """Each client renders a card (three sizes of one photo) from a different size on, so the
    photo's sizes are made at the same time as each one is asked for twice or more."""
    thumbnailer = get_thumbnailer()

    def card(index):
        sizes = CARD_SIZES[index % 3 :] + CARD_SIZES[: index % 3]
        return {
            size: thumbnailer.generate_thumbnail(photo, size=size, crop="center", quality=75)
            for size in sizes
        }

    answers, errors = _at_once(card)

    assert errors == []
    assert len(answers) == CLIENTS
    for answer in answers:
        for size, thumbnail in answer.items():
            _assert_complete(thumbnail, size)
    assert sorted(writes) == sorted(
        {name for answer in answers for name in map(str, answer.values())}
    )
    assert len(writes) == len(CARD_SIZES)


def test_a_thumbnail_left_half_written_by_a_dead_process_is_made_again(photo, writes):
    """A worker killed while writing a thumbnail leaves part of the file and no key-value
    entry; sorl took such a file as made, and every page showing it broke."""
    thumbnailer = get_thumbnailer()
    made = thumbnailer.generate_thumbnail(photo, size="400x400", crop="center", quality=75)
    whole = made.read()
    default.kvstore.delete(made)
    with made.storage.open(made.name, "wb") as stored:
        stored.write(whole[: len(whole) // 2])

    again = thumbnailer.generate_thumbnail(photo, size="400x400", crop="center", quality=75)

    assert again.name == made.name
    _assert_complete(again, "400x400")
    assert len(writes) == 2


def test_a_lock_folder_that_cannot_be_made_does_not_stop_the_thumbnail(photo, tmp_path, settings):
    """The page is worth more than the lock: a lock folder this process cannot write (another
    user made it; here a file stands in its place) leaves sorl's way of making it."""
    in_the_way = tmp_path / "locks"
    in_the_way.write_text("")
    settings.CHOPHIEN_THUMBNAIL_LOCK_ROOT = str(in_the_way)

    made = get_thumbnailer().generate_thumbnail(photo, size="200x200", crop="center", quality=75)

    _assert_complete(made, "200x200")


def test_another_servers_late_miss_in_the_shared_cache_does_not_lose_the_photo(photo, monkeypatch):
    """No lock reaches another app server: a request there that missed the photo's entry can
    write "missing" into the shared cache (Redis) just after this one recorded the photo.
    Recording the thumbnail must not then fail with sorl's "not in kvstore"."""
    get_or_set = KVStore.get_or_set

    def and_another_server_misses(self, image_file):
        recorded = get_or_set(self, image_file)
        self.cache.set(add_prefix(image_file.key), EMPTY_VALUE)  # what its miss caches
        return recorded

    monkeypatch.setattr(KVStore, "get_or_set", and_another_server_misses)

    made = get_thumbnailer().generate_thumbnail(photo, size="200x200", crop="center", quality=75)

    _assert_complete(made, "200x200")
    assert default.kvstore.get(made).name == made.name
