<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fr" sourcelanguage="en">
<context>
    <name>AttendancePdf</name>
    <message>
        <source>Attendance sheet</source>
        <translation>Feuille de présence</translation>
    </message>
    <message>
        <source>Group</source>
        <translation>Groupe</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>Date</translation>
    </message>
    <message>
        <source>Capsules covered</source>
        <translation>Capsules abordées</translation>
    </message>
    <message>
        <source>Facilitator</source>
        <translation>Animateur·rice</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>Notes</translation>
    </message>
    <message>
        <source>No.</source>
        <translation>N°</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Nom</translation>
    </message>
    <message>
        <source>Learner code</source>
        <translation>Code apprenant·e</translation>
    </message>
    <message>
        <source>Present</source>
        <translation>Présent·e</translation>
    </message>
    <message>
        <source>Signature</source>
        <translation>Signature</translation>
    </message>
    <message>
        <source>Present: ____ / %1</source>
        <translation>Présent·es : ____ / %1</translation>
    </message>
    <message>
        <source>Participants not on the list (write their name):</source>
        <translation>Participant·es absent·es de la liste (écrire leur nom) :</translation>
    </message>
    <message>
        <source>Connexions Citoyennes — attendance sheet printed on %1</source>
        <translation>Connexions Citoyennes — feuille de présence imprimée le %1</translation>
    </message>
</context>
</TS>
