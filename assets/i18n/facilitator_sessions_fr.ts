<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fr" sourcelanguage="en">
<context>
    <name>AttendanceSheet</name>
    <message>
        <source>All present (Ctrl+A)</source>
        <translation>Tout le monde présent (Ctrl+A)</translation>
    </message>
    <message>
        <source>Save (Ctrl+S)</source>
        <translation>Enregistrer (Ctrl+S)</translation>
    </message>
    <message>
        <source>Space: present / absent · ↑↓: move · type a name to jump to it</source>
        <translation>Espace : présent / absent · ↑↓ : se déplacer · tapez un nom pour y aller</translation>
    </message>
    <message>
        <source>%1 — %2</source>
        <translation>%1 — %2</translation>
    </message>
    <message>
        <source>not marked</source>
        <translation>non pointé</translation>
    </message>
    <message>
        <source>%1 / %2 present</source>
        <translation>%1 / %2 présent·es</translation>
    </message>
    <message>
        <source>Saved.</source>
        <translation>Enregistré.</translation>
    </message>
</context>
<context>
    <name>PlanSessionDialog</name>
    <message>
        <source>Edit the session</source>
        <translation>Modifier la séance</translation>
    </message>
    <message>
        <source>Plan a session</source>
        <translation>Planifier une séance</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>Date</translation>
    </message>
    <message>
        <source>Group</source>
        <translation>Groupe</translation>
    </message>
    <message>
        <source>Capsules covered</source>
        <translation>Capsules abordées</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>Notes</translation>
    </message>
</context>
<context>
    <name>SessionsWidget</name>
    <message>
        <source>Plan a session…</source>
        <translation>Planifier une séance…</translation>
    </message>
    <message>
        <source>Edit…</source>
        <translation>Modifier…</translation>
    </message>
    <message>
        <source>Attendance</source>
        <translation>Appel</translation>
    </message>
    <message>
        <source>Projector</source>
        <translation>Vidéoprojecteur</translation>
    </message>
    <message>
        <source>Group quiz</source>
        <translation>Quiz collectif</translation>
    </message>
    <message>
        <source>Create a group first.</source>
        <translation>Créez d&apos;abord un groupe.</translation>
    </message>
</context>
</TS>
