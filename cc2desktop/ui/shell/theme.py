"""Look of the app: brand colours, visible focus, font scale 100–200 %, high-contrast theme."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QColor, QFont, QPalette
from PySide6.QtWidgets import QApplication

from cc2desktop.core.paths import assets_dir

BRAND = "#0B4F6C"
ACCENT = "#E8871E"
INK = "#15202B"
PAPER = "#FBFAF6"
OK = "#1E7B3C"
BAD = "#B3261E"
#: the focus, visible on every control at ≥ 3:1 (WCAG 2.2, 2.4.13): a dark frame on the paper and the
#: white fields, and a focused button turns yellow (the orange accent on the paper was 2.5:1)
FOCUS_RING = INK
FOCUS_BG = "#FFDD00"

_BASE_PT: float | None = None

#: the arrows of spin and combo boxes and the check boxes' boxes (Qt draws no arrow once a box's
#: buttons are styled, and its own check box is black on black in high contrast): SVG files drawn
#: by tools/app_icon.py into assets/icons, one per shape and colour
ARROW_COLOURS = {"ink": INK, "off": "#9AA5AE", "hc": "#FFFFFF"}
CHECK_COLOURS = {"ink": (INK, "#FFFFFF"), "hc": ("#FFFFFF", "#000000")}  # (line, fill)


def arrow_svg(direction: str, colour: str) -> str:
    points = "1,7 6,1 11,7" if direction == "up" else "1,1 6,7 11,1"
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="12" height="8" viewBox="0 0 12 8">'
            f'<polygon points="{points}" fill="{colour}"/></svg>\n')


def check_svg(checked: bool, line: str, fill: str) -> str:
    tick = f'<polyline points="4,8.5 7,11.5 12.5,4.5" fill="none" stroke="{line}" stroke-width="2.2"/>' \
        if checked else ""
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="16" height="16" viewBox="0 0 16 16">'
            f'<rect x="1" y="1" width="14" height="14" rx="2" fill="{fill}" stroke="{line}" stroke-width="2"/>'
            f'{tick}</svg>\n')


def icon_files() -> dict[Path, str]:
    """Every SVG file the style sheet names, with its text."""
    out = {arrow_file(d, name): arrow_svg(d, colour) for d in ("up", "down") for name, colour in ARROW_COLOURS.items()}
    for name, (line, fill) in CHECK_COLOURS.items():
        for on in (True, False):
            out[check_file(on, name)] = check_svg(on, line, fill)
    return out


def arrow_file(direction: str, name: str) -> Path:
    return assets_dir() / "icons" / f"arrow-{direction}-{name}.svg"


def check_file(checked: bool, name: str) -> Path:
    return assets_dir() / "icons" / f"check-{'on' if checked else 'off'}-{name}.svg"


def _images(high_contrast: bool, pt: float) -> str:
    ink = "hc" if high_contrast else "ink"
    w, h, box = round(pt * 1.2), round(pt * 0.8), round(pt * 1.6)

    def url(direction: str, name: str) -> str:
        return arrow_file(direction, name).as_posix()

    return f"""
    QAbstractSpinBox::up-arrow {{ image: url({url("up", ink)}); width: {w}px; height: {h}px; }}
    QAbstractSpinBox::down-arrow {{ image: url({url("down", ink)}); width: {w}px; height: {h}px; }}
    QAbstractSpinBox::up-arrow:disabled, QAbstractSpinBox::up-arrow:off {{ image: url({url("up", "off")}); }}
    QAbstractSpinBox::down-arrow:disabled, QAbstractSpinBox::down-arrow:off {{ image: url({url("down", "off")}); }}
    QComboBox::down-arrow {{ image: url({url("down", ink)}); width: {w}px; height: {h}px; }}
    QCheckBox::indicator {{ width: {box}px; height: {box}px; }}
    QCheckBox::indicator:unchecked {{ image: url({check_file(False, ink).as_posix()}); }}
    QCheckBox::indicator:checked {{ image: url({check_file(True, ink).as_posix()}); }}
    """


def _sheet(high_contrast: bool, pt: float) -> str:
    if high_contrast:
        bg, fg, panel, border, accent = "#000000", "#FFFFFF", "#000000", "#FFFFFF", "#FFFF00"
        btn, btn_fg = "#000000", "#FFFF00"
        ring, focus_bg, focus_fg = "#FFFF00", "#FFFF00", "#000000"
    else:
        bg, fg, panel, border, accent, btn, btn_fg = PAPER, INK, "#FFFFFF", "#C9CED3", ACCENT, BRAND, "#FFFFFF"
        ring, focus_bg, focus_fg = FOCUS_RING, FOCUS_BG, INK
    return f"""
    QWidget {{ color: {fg}; }}
    QMainWindow, QStackedWidget > QWidget, QDialog {{ background: {bg}; }}
    QPushButton, QToolButton {{ background: {btn}; color: {btn_fg};
        border: 2px solid {btn if not high_contrast else border}; border-radius: 6px; padding: 6px 14px; }}
    QPushButton:disabled, QToolButton:disabled {{ background: #9AA5AE; color: #EEEEEE; border-color: #9AA5AE; }}
    QPushButton:hover, QToolButton:hover {{ border-color: {accent}; }}
    QLineEdit:focus, QComboBox:focus, QSpinBox:focus, QListWidget:focus, QTreeWidget:focus, QSlider:focus,
    QCheckBox:focus, QRadioButton:focus, QTextBrowser:focus, QTableView:focus, QTreeView:focus, QListView:focus,
    QDateEdit:focus, QPlainTextEdit:focus, QTextEdit:focus {{ border: 3px solid {ring}; }}
    QTabBar:focus {{ border: 3px solid {ring}; }}
    QPushButton:focus, QToolButton:focus {{ background: {focus_bg}; color: {focus_fg}; border: 3px solid {ring}; }}
    QCheckBox, QRadioButton {{ border: 3px solid transparent; padding: 4px; spacing: 10px; }}
    QToolButton#tile {{ background: {panel}; color: {fg}; border: 2px solid {border}; border-radius: 12px;
        padding: 10px; font-size: {pt * 1.25:.1f}pt; }}
    QToolButton#tile:focus {{ background: {focus_bg}; color: {focus_fg}; border: 4px solid {ring}; }}
    QToolButton#tile:hover {{ border-color: {accent}; }}
    QLineEdit, QComboBox, QSpinBox, QListWidget, QTreeWidget, QTextBrowser {{ background: {panel}; color: {fg};
        border: 1px solid {border}; border-radius: 4px; padding: 3px; }}
    QLineEdit:focus, QComboBox:focus, QSpinBox:focus, QListWidget:focus, QTreeWidget:focus,
    QTextBrowser:focus {{ padding: 1px; }}  /* the focus ring takes 2 px more: the text keeps its room */
    QLabel#title {{ font-size: {pt * 1.6:.1f}pt; font-weight: bold; color: {fg if high_contrast else BRAND}; }}
    QLabel#subtitle {{ font-size: {pt * 1.2:.1f}pt; font-weight: bold; }}
    QLabel#ok {{ color: {"#00FF00" if high_contrast else OK}; font-weight: bold; }}
    QLabel#bad {{ color: {"#FF8080" if high_contrast else BAD}; font-weight: bold; }}
    QLabel#notice {{ background: {"#000000" if high_contrast else "#FFF4E5"}; border: 1px solid {accent};
        border-radius: 4px; padding: 6px; }}
    QTreeWidget::item:selected, QListWidget::item:selected {{ background: {accent}; color: #000000; }}
    QStatusBar {{ background: {panel}; border-top: 1px solid {border}; }}
    QSlider::groove:horizontal {{ height: 6px; background: {"#FFFFFF" if high_contrast else "#C9CED3"};
        border-radius: 3px; }}
    QSlider::sub-page:horizontal {{ background: {accent}; border-radius: 3px; }}
    QSlider::handle:horizontal {{ background: {accent if high_contrast else BRAND}; width: 16px; margin: -6px 0;
        border-radius: 8px; border: 2px solid {"#FFFFFF" if high_contrast else "#FFFFFF"}; }}
    QSlider {{ border: 3px solid transparent; min-height: 22px; }}
    QTreeWidget::item, QListWidget::item {{ padding: 3px 2px; }}
    QAbstractSpinBox::up-button, QAbstractSpinBox::down-button {{ subcontrol-origin: padding; width: 24px;
        background: {panel}; border-left: 1px solid {border}; }}
    QAbstractSpinBox::up-button {{ subcontrol-position: top right; border-bottom: 1px solid {border};
        border-top-right-radius: 4px; }}
    QAbstractSpinBox::down-button {{ subcontrol-position: bottom right; border-bottom-right-radius: 4px; }}
    QAbstractSpinBox::up-button:hover, QAbstractSpinBox::down-button:hover {{ background: {accent}; }}
    QComboBox::drop-down {{ subcontrol-origin: padding; subcontrol-position: top right; width: 24px;
        border-left: 1px solid {border}; }}
    """ + _images(high_contrast, pt)


def apply(app: QApplication, font_scale: int = 100, high_contrast: bool = False, family: str | None = None) -> None:
    global _BASE_PT
    font = QFont(app.font())
    if family:
        font.setFamily(family)
    if _BASE_PT is None:
        _BASE_PT = font.pointSizeF() if font.pointSizeF() > 0 else 10.0
    scale = max(100, min(200, int(font_scale))) / 100
    pt = _BASE_PT * scale
    font.setPointSizeF(pt)
    app.setFont(font)
    pal = QPalette()
    if high_contrast:
        for role, color in ((QPalette.Window, "#000000"), (QPalette.WindowText, "#FFFFFF"), (QPalette.Base, "#000000"),
                            (QPalette.Text, "#FFFFFF"), (QPalette.Button, "#000000"), (QPalette.ButtonText, "#FFFF00"),
                            (QPalette.Highlight, "#FFFF00"), (QPalette.HighlightedText, "#000000"),
                            (QPalette.ToolTipBase, "#000000"), (QPalette.ToolTipText, "#FFFFFF")):
            pal.setColor(role, QColor(color))
    else:
        for role, color in ((QPalette.Window, PAPER), (QPalette.WindowText, INK), (QPalette.Base, "#FFFFFF"),
                            (QPalette.Text, INK), (QPalette.Highlight, ACCENT), (QPalette.HighlightedText, "#000000")):
            pal.setColor(role, QColor(color))
    app.setPalette(pal)
    app.setStyleSheet(_sheet(high_contrast, pt))
