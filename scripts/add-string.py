#!/usr/bin/env python3
"""Add or update UI strings in both resource files (zh-CN is the neutral language, en the satellite).

usage: scripts/add-string.py KEY "中文" "English" [KEY "中文" "English" ...]
"""
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent / "src/Renhe/Platform/Localization"
FILES = {"zh": ROOT / "Strings.resx", "en": ROOT / "Strings.en.resx"}
HEADER = """<?xml version="1.0" encoding="utf-8"?>
<root>
  <resheader name="resmimetype"><value>text/microsoft-resx</value></resheader>
  <resheader name="version"><value>2.0</value></resheader>
  <resheader name="reader"><value>System.Resources.ResXResourceReader, System.Windows.Forms, Version=4.0.0.0, Culture=neutral, PublicKeyToken=b77a5c561934e089</value></resheader>
  <resheader name="writer"><value>System.Resources.ResXResourceWriter, System.Windows.Forms, Version=4.0.0.0, Culture=neutral, PublicKeyToken=b77a5c561934e089</value></resheader>
</root>
"""


def load(path):
    if not path.exists():
        path.write_text(HEADER, encoding="utf-8")
    return ET.parse(path)


def save(tree, path):
    root = tree.getroot()
    data = sorted(root.findall("data"), key=lambda d: d.get("name"))
    for d in root.findall("data"):
        root.remove(d)
    for d in data:
        root.append(d)
    ET.indent(tree, space="  ")
    tree.write(path, encoding="utf-8", xml_declaration=True)
    with open(path, "a", encoding="utf-8") as f:
        f.write("\n")


def main(args):
    if len(args) % 3 != 0 or not args:
        sys.exit(__doc__)
    trees = {k: load(p) for k, p in FILES.items()}
    for i in range(0, len(args), 3):
        key, zh, en = args[i:i + 3]
        for lang, text in (("zh", zh), ("en", en)):
            root = trees[lang].getroot()
            node = next((d for d in root.findall("data") if d.get("name") == key), None)
            if node is None:
                node = ET.SubElement(root, "data", {"name": key, "xml:space": "preserve"})
                ET.SubElement(node, "value")
            node.find("value").text = text
    for k, p in FILES.items():
        save(trees[k], p)


if __name__ == "__main__":
    main(sys.argv[1:])
