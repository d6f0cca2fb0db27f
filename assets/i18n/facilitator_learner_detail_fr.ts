<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fr" sourcelanguage="en">
<context>
    <name>LearnerDetailDialog</name>
    <message>
        <source>No course is installed on this PC and this learner has no activity yet.</source>
        <translation>Aucun cours n’est installé sur ce PC et cette personne n’a encore aucune activité.</translation>
    </message>
    <message>
        <source>No attendance recorded for this learner yet.</source>
        <translation>Aucune présence enregistrée pour cette personne.</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>oui</translation>
    </message>
    <message>
        <source>not yet</source>
        <translation>pas encore</translation>
    </message>
    <message>
        <source>present</source>
        <translation>présent·e</translation>
    </message>
    <message>
        <source>absent</source>
        <translation>absent·e</translation>
    </message>
    <message>
        <source>Learner: %1</source>
        <translation>Apprenant·e : %1</translation>
    </message>
    <message>
        <source>Learner code</source>
        <translation>Code apprenant·e</translation>
    </message>
    <message>
        <source>Groups</source>
        <translation>Groupes</translation>
    </message>
    <message>
        <source>Progress</source>
        <translation>Progression</translation>
    </message>
    <message>
        <source>Average quiz score</source>
        <translation>Score moyen aux quiz</translation>
    </message>
    <message>
        <source>Attendance</source>
        <translation>Présence</translation>
    </message>
    <message>
        <source>Certificate</source>
        <translation>Certificat</translation>
    </message>
    <message>
        <source>PIN</source>
        <translation>Code PIN</translation>
    </message>
    <message>
        <source>Last activity</source>
        <translation>Dernière activité</translation>
    </message>
    <message>
        <source>none yet (given at the first sync)</source>
        <translation>pas encore (attribué à la première synchronisation)</translation>
    </message>
    <message>
        <source>%1 of %2 sessions</source>
        <translation>%1 séance(s) sur %2</translation>
    </message>
    <message>
        <source>Capsules</source>
        <translation>Capsules</translation>
    </message>
    <message>
        <source>Sessions</source>
        <translation>Séances</translation>
    </message>
    <message>
        <source>Progress per capsule</source>
        <translation>Progression par capsule</translation>
    </message>
    <message>
        <source>Sessions attended</source>
        <translation>Séances suivies</translation>
    </message>
    <message>
        <source>set</source>
        <translation>défini</translation>
    </message>
    <message>
        <source>to choose at first use</source>
        <translation>à choisir à la première ouverture</translation>
    </message>
    <message>
        <source>none</source>
        <translation>aucun</translation>
    </message>
</context>
</TS>
