def test_the_last_representable_day_is_an_open_upper_bound(track):
    import datetime as dt

    from musewave import services
    from musewave.selectors.stats import track_listen_histogram, track_stats

    services.play_record(actor=None, track=track, duration=10)
    assert track_stats(track=track, date_to=dt.date.max).total_plays == 1
    assert sum(track_listen_histogram(track=track, date_from=dt.date.min, date_to=dt.date.max)) == 1


def test_figures_are_cached_for_the_configured_seconds(track, settings, django_assert_num_queries):
    from django.core.cache import cache
    from freezegun import freeze_time

    from musewave import services
    from musewave.selectors.stats import track_stats

    settings.MUSEWAVE_STATS_CACHE_SECONDS = 30
    settings.MUSEWAVE_PLAY_REPLAY_SECONDS = 0
    with freeze_time("2026-11-26 10:00:00"):
        services.play_record(actor=None, track=track, duration=10)
        first = track_stats(track=track)
        services.play_record(actor=None, track=track, duration=10)
        with django_assert_num_queries(0):
            assert track_stats(track=track) == first  # shared, and says when it was made
        assert first.total_plays == 1
        assert first.updated_at.isoformat() == "2026-11-26T10:00:00+00:00"
    cache.clear()  # the entry expires
    assert track_stats(track=track).total_plays == 2
    assert track_stats(track=track, date_to=None).total_plays == 2
