<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fr" sourcelanguage="en">
<context>
    <name>AttendanceSheet</name>
    <message>
        <source>Nobody to mark: enrol participants in this group first (Groups tab).</source>
        <translation>Personne à cocher : inscrivez d’abord des participant·es dans ce groupe (onglet Groupes).</translation>
    </message>
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
        <source>Attendance sheet</source>
        <translation>Feuille de présence</translation>
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
    <message>
        <source>No course is installed on this PC: install one (File menu) to choose the capsules; you can still plan the session and take attendance.</source>
        <translation>Aucun cours n’est installé sur ce PC : installez-en un (menu Fichier) pour choisir les capsules ; vous pouvez quand même planifier la séance et faire l’appel.</translation>
    </message>
</context>
<context>
    <name>PrintSheetDialog</name>
    <message>
        <source>Print the attendance sheet</source>
        <translation>Imprimer la feuille de présence</translation>
    </message>
    <message>
        <source>&amp;Language of the sheet</source>
        <translation>&amp;Langue de la feuille</translation>
    </message>
    <message>
        <source>Language of the sheet</source>
        <translation>Langue de la feuille</translation>
    </message>
    <message>
        <source>Save as PDF…</source>
        <translation>Enregistrer en PDF…</translation>
    </message>
    <message>
        <source>Print…</source>
        <translation>Imprimer…</translation>
    </message>
    <message>
        <source>Sheet saved: %1</source>
        <translation>Feuille enregistrée : %1</translation>
    </message>
    <message>
        <source>Save the attendance sheet</source>
        <translation>Enregistrer la feuille de présence</translation>
    </message>
    <message>
        <source>Sent to the printer.</source>
        <translation>Envoyée à l’imprimante.</translation>
    </message>
</context>
<context>
    <name>SessionsWidget</name>
    <message>
        <source>No session yet: click “Plan a session…” (create a group first in the Groups tab).</source>
        <translation>Aucune séance pour l’instant : cliquez sur « Planifier une séance… » (créez d’abord un groupe dans l’onglet Groupes).</translation>
    </message>
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
        <source>Delete…</source>
        <translation>Supprimer…</translation>
    </message>
    <message>
        <source>Projector</source>
        <translation>Vidéoprojecteur</translation>
    </message>
    <message>
        <source>Print the sheet…</source>
        <translation>Imprimer la feuille…</translation>
    </message>
    <message>
        <source>Group quiz</source>
        <translation>Quiz collectif</translation>
    </message>
    <message>
        <source>Sessions</source>
        <translation>Séances</translation>
    </message>
    <message>
        <source>Create a group first (Groups tab).</source>
        <translation>Créez d’abord un groupe (onglet Groupes).</translation>
    </message>
    <message>
        <source>Delete a session</source>
        <translation>Supprimer une séance</translation>
    </message>
    <message>
        <source>Delete the session of %1 (%2)?

It leaves the list and no longer counts in the attendance figures. Nothing a learner did is erased: the attendance already taken stays in each participant&apos;s activity log, and a group quiz played in it still counts in their quiz results.</source>
        <translation>Supprimer la séance du %1 (%2) ?

Elle quitte la liste et ne compte plus dans les chiffres de présence. Rien de ce qu’ont fait les apprenant·es n’est effacé : l’appel déjà fait reste dans l’historique de chaque participant·e, et un quiz collectif joué pendant la séance compte toujours dans leurs résultats.</translation>
    </message>
    <message>
        <source>Delete the session</source>
        <translation>Supprimer la séance</translation>
    </message>
</context>
</TS>
