

def test_the_last_representable_day_is_an_open_upper_bound(track):
    import datetime as dt

    from musewave import services
    from musewave.selectors.stats import listen_histogram, track_stats

    services.play_record(actor=None, track=track, duration=10)
    assert track_stats(track=track, date_to=dt.date.max).total_plays == 1
    assert sum(listen_histogram(track=track, date_from=dt.date.min, date_to=dt.date.max)) == 1
