import argparse
import json

from bot.commands.faq import register, search_lines


def test_search_writes_one_json_line_per_question(matcher):
    lines = [
        "làm lại căn cước bao lâu\n".encode(),
        b"\n",
        b"\xff\xfe garbage \xc3\n",
        "thời tiết hôm nay thế nào\n".encode(),
    ]
    out = [json.loads(line) for line in search_lines(matcher, lines)]
    assert len(out) == 3
    first = out[0]
    assert set(first) == {"query", "kind", "intent", "outcome", "matches"}
    assert (first["kind"], first["intent"], first["matches"][0]["code"]) == (
        "procedure",
        "time",
        "1.014064",
    )
    assert set(first["matches"][0]) == {"code", "name", "score"}
    assert len(first["matches"]) <= 3
    assert out[1]["query"].startswith("\ufffd")
    assert (out[2]["kind"], out[2]["outcome"], out[2]["matches"]) == ("out_of_scope", "none", [])


def test_import_command(tmp_path, capsys):
    src = tmp_path / "dump.jsonl"
    src.write_text(
        json.dumps(
            {
                "ma_thu_tuc": "1.001193",
                "ten_thu_tuc": "Thủ tục đăng ký khai sinh",
                "cap_thuc_hien": "Cấp xã",
                "cach_thuc_thuc_hien": "Hình thức nộpThời gianPhí, lệ phíMô tảTrực tuyến1Miễn phí",
            },
            ensure_ascii=False,
        )
        + "\n",
        encoding="utf-8",
    )
    parser = argparse.ArgumentParser()
    register(parser.add_subparsers(dest="command"))
    args = parser.parse_args(["faq", "import", str(src), "--out", str(tmp_path / "kb")])
    assert args.handler(args) == 0
    assert "1 procedures in 1 topics" in capsys.readouterr().out
    assert (tmp_path / "kb" / "procedures.jsonl.gz").is_file()
    # the whole-record index is precomputed with it, from the same records
    from faq.record_index import RECORD_FILE, stored_fingerprint

    assert stored_fingerprint(tmp_path / "kb" / RECORD_FILE) is not None
    # and the texts the matcher indexes, normalised by the normaliser as it is now
    from faq.normalized_texts import FILE, fingerprint, stored

    assert stored(tmp_path / "kb" / FILE)[0] == fingerprint()


def test_import_command_reports_a_missing_file(tmp_path, capsys):
    parser = argparse.ArgumentParser()
    register(parser.add_subparsers(dest="command"))
    args = parser.parse_args(["faq", "import", str(tmp_path / "nope.jsonl")])
    assert args.handler(args) == 2
    assert "No such file" in capsys.readouterr().err


def test_curated_answers_are_marked_apart_from_catalogue_codes(matcher):
    (line,) = search_lines(matcher, ["vneid là gì vậy".encode()])
    assert json.loads(line)["matches"][0]["code"] == "faq:vneid"


def test_train_refuses_an_extra_file_outside_the_repository(tmp_path, capsys):
    outside = tmp_path / "train.jsonl"
    outside.write_text('{"q": "cán bộ đòi tiền", "kind": "complaint"}\n', "utf-8")
    parser = argparse.ArgumentParser()
    register(parser.add_subparsers(dest="command"))
    out, kinds = tmp_path / "model.json.gz", tmp_path / "kinds.json.gz"
    args = parser.parse_args(
        ["faq", "train", "--extra", str(outside), "--out", str(out), "--kinds-out", str(kinds)]
    )
    assert args.handler(args) == 2
    assert "inside the repository" in capsys.readouterr().err
    assert not out.exists() and not kinds.exists()
